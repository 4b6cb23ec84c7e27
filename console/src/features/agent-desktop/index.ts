export { AgentStateBar, CHOOSABLE_REASONS } from './components/AgentStateBar';
export { ContactCard } from './components/ContactCard';
export { CustomerPanel } from './components/CustomerPanel';
export { DeskNotices } from './components/DeskNotices';
export { OfferCard } from './components/OfferCard';
export { ValueTierBadge } from './components/ValueTierBadge';
export { ChannelIcon } from './components/ChannelIcon';
export { useOfferSound, OFFER_SOUND_STORAGE_KEY } from './hooks/useOfferSound';
export { DISPOSITION_CODES } from './dispositions';
