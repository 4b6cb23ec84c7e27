import type { Channel } from '@callcentre/shared';
import { ChatIcon, MailIcon, PhoneIcon, TicketIcon } from '../../../design-system';

const ICONS = { voice: PhoneIcon, chat: ChatIcon, email: MailIcon, ticket: TicketIcon } as const;

/** The channel's icon; decorative, the words say the channel. */
export function ChannelIcon({ channel, className }: { channel: Channel; className?: string }) {
  const Icon = ICONS[channel] ?? PhoneIcon;
  return <Icon className={className} aria-hidden="true" />;
}
