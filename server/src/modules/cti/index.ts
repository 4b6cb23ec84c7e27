export { CALL_CHANGED, type CallChanged } from './cti.events';
export { CtiModule } from './cti.module';
