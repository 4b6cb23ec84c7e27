import { maySeeView, type LiveContact } from '@callcentre/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, HeadsetIcon, PageHeader, Panel, Spinner } from '../design-system';
import { AgentStateBar, ContactCard, CustomerPanel, DeskNotices, MyQueues, OfferCard, OverrideNotice, useOfferSound } from '../features/agent-desktop';
import { useSession } from '../features/auth';
import { CallWorkspace } from '../features/call-controls';
import { ComplaintWorkspace, useOwnerOptions } from '../features/complaints';
import { useRealtime } from '../features/realtime';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

const byAnswerTime = (a: LiveContact, b: LiveContact) => (a.answeredAt ?? a.enqueuedAt) - (b.answeredAt ?? b.enqueuedAt);

export function AgentDesktopPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  useDocumentTitle(t('nav.agent'));
  const status = useRealtime((state) => state.status);
  const desk = useRealtime((state) => state.desk);
  const sound = useOfferSound(desk?.offer?.offerId ?? null);
  const contacts = useMemo(() => Object.values(desk?.contacts ?? {}).sort(byAnswerTime), [desk?.contacts]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [intakeFor, setIntakeFor] = useState<LiveContact | null>(null);
  const [focusComplaint, setFocusComplaint] = useState<string | null>(null);
  const mayListAgents = maySeeView(session?.roles ?? [], 'chooseComplaintOwner');
  const owners = useOwnerOptions(mayListAgents);
  const actor = useMemo(() => ({ userId: session?.userId ?? '', roles: session?.roles ?? [] }), [session?.userId, session?.roles]);
  const me = useMemo(() => ({ id: session?.userId ?? '', name: session?.displayName ?? '' }), [session?.userId, session?.displayName]);
  // Complaints opened from a contact on the desk, to mark the contact and suggest the disposition.
  const [openedFrom, setOpenedFrom] = useState<Readonly<Record<string, string>>>({});

  const chosen = contacts.find((contact) => contact.id === chosenId) ?? null;
  const selected = chosen ?? contacts.find((contact) => contact.status === 'connected') ?? contacts[0] ?? desk?.offer?.contact ?? null;

  const header = <PageHeader title={t('agent.title')} description={t('agent.description')} />;

  if (!desk) {
    return (
      <>
        {header}
        <div className="cc-page-placeholder">
          <Spinner label={status === 'reconnecting' ? t('realtime.reconnecting') : t('agent.connecting')} />
        </div>
      </>
    );
  }
  if (!desk.agent) {
    return (
      <>
        {header}
        <Panel title={t('agent.noProfileTitle')}>
          <EmptyState icon={<HeadsetIcon />} title={t('agent.noProfileHeading')}>
            <p>{t('agent.noProfileBody')}</p>
          </EmptyState>
        </Panel>
      </>
    );
  }

  return (
    <>
      {header}
      <AgentStateBar agent={desk.agent} />
      <OverrideNotice />
      <MyQueues queues={desk.queues} />
      <DeskNotices />
      <div className="cc-desk">
        <div className="cc-desk__work">
          {desk.offer ? <OfferCard key={desk.offer.offerId} offer={desk.offer} sound={sound} /> : null}
          <CallWorkspace contacts={contacts} agentId={desk.agent.id} />
          <Panel title={t('agent.contactsTitle')} description={t('agent.contactsDescription', { count: contacts.length })}>
            {contacts.length > 0 ? (
              <div className="cc-desk__contacts">
                {contacts.map((contact) => (
                  <ContactCard
                    key={contact.id}
                    contact={contact}
                    selected={selected?.id === contact.id}
                    onSelect={() => setChosenId(contact.id)}
                    onOpenComplaint={() => {
                      setChosenId(contact.id);
                      setIntakeFor(contact);
                    }}
                    complaintNumber={openedFrom[contact.id] ?? null}
                  />
                ))}
              </div>
            ) : (
              <EmptyState icon={<HeadsetIcon />} title={t(`agent.idle.${desk.agent.presence}.title`)}>
                <p>{t(`agent.idle.${desk.agent.presence}.body`)}</p>
              </EmptyState>
            )}
          </Panel>
          <ComplaintWorkspace
            actor={actor}
            me={me}
            owners={owners}
            intakeFor={intakeFor}
            onIntakeDone={(opened) => {
              if (opened && intakeFor) setOpenedFrom((current) => ({ ...current, [intakeFor.id]: opened.number }));
              setIntakeFor(null);
            }}
            focusId={focusComplaint}
            onFocus={setFocusComplaint}
          />
        </div>
        <div className="cc-desk__side">
          <CustomerPanel contact={selected} onOpenComplaint={setFocusComplaint} />
        </div>
      </div>
    </>
  );
}
