/** Customers and their value: the customer's page, the managers' value reports, the worklist and file imports. */
export { may, type CustomerValueAbility } from './access';
export { churnLevel, explainValue, useValueExplanation, type ValueExplanation } from './explanation';
export { CrmImportPanel } from './components/CrmImport';
export { CustomerRecord } from './components/CustomerRecord';
export { CustomerSearch } from './components/CustomerSearch';
export { LossesPanel } from './components/Losses';
export { MigrationPanel } from './components/Migration';
export { PyramidPanel } from './components/Pyramid';
export { RfmGridPanel } from './components/RfmGrid';
export { RunsPanel } from './components/Runs';
export { ChurnRisk, TierWithSource, ValueSummary } from './components/ValueSummary';
export { WorklistPanel } from './components/Worklist';
