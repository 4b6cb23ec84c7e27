export * from './domain/call-centre';
export * from './workforce';
export * from './statistics';
export * from './routing';
export * from './calendar';
export * from './complaints';
export * from './contracts';
export * from './simulation';
