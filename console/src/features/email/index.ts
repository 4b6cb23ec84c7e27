export { EmailPanel, type EmailPanelProps } from './components/EmailPanel';
