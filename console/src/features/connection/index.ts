export { ConnectionIndicator } from './components/ConnectionIndicator';
export {
  ConnectionProvider,
  StaticConnectionProvider,
  useConnectionStatus,
  useServerConnection,
  type ConnectionStatus,
} from './hooks/useServerConnection';
