export { fetchStaffing, type StaffingRequest } from './api/staffing-api';
export { StaffingPanel, type StaffingPanelProps } from './components/StaffingPanel';
export { STAFFING_NAMESPACE, useStaffingTranslation } from './i18n';
