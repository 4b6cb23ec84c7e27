export { AdminSections, ADMIN_SECTIONS, isAdminSection, type AdminSection } from './components/AdminSections';
export { useAdminTranslation, useAdminErrorText } from './i18n';
