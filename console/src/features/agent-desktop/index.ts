export { CustomerPanel } from './components/CustomerPanel';
export { OffersPanel } from './components/OffersPanel';
