export { SatisfactionPanel } from './components/SatisfactionPanel';
