export { fetchStaffing, type StaffingAnswer, type StaffingRequest, type StaffingRow } from './api/staffing-api';
export { StaffingPanel, type StaffingPanelProps } from './components/StaffingPanel';
export { STAFFING_NAMESPACE, useStaffingTranslation } from './i18n';
