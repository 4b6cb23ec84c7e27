export * from './domain/call-centre';
export * from './calendar';
export * from './complaints';
