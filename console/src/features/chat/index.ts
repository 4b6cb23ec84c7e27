export { ChatPanel, type ChatPanelProps } from './components/ChatPanel';
export { useChat, type ChatControls, type ChatState } from './hooks/useChat';
