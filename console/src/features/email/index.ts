export { EmailPanel, type EmailPanelProps } from './components/EmailPanel';
export { useEmailAlertText } from './alert-text';
