export { EmailPanel, type EmailPanelProps } from './components/EmailPanel';
export { useEmailAlertText } from './alert-text';
export { EmailSorting, EmailSortingFor, type EmailSortingProps } from './components/EmailSorting';
