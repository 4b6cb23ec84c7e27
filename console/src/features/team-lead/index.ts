export { ComplaintDeadlines } from './components/ComplaintDeadlines';
export { EscalationsPanel } from './components/EscalationsPanel';
