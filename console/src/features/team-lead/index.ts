export { ComplaintDeadlines } from './components/ComplaintDeadlines';
export { EscalationsPanel, type Escalation, type EscalationsPanelProps } from './components/EscalationsPanel';
