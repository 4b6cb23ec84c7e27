/** Contracts between the server and the consoles: the socket.io event map and REST payloads. Types only, plus a few constants. */
export * from './realtime';
export * from './statistics';
export * from './complaints';
export * from './interactions';
export * from './form-rules';
export * from './customer-value';
export * from './tier-overrides';
export * from './identity';
export * from './audit';
export * from './configuration';
export * from './staffing';
export * from './reports';
export * from './satisfaction';
export * from './chat';
export * from './email';
export * from './cti';
export * from './schedules';
