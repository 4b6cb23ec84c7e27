import type { ComplaintEventBody, ComplaintEventType, ComplaintReturnStep, ComplaintSnapshot } from '@callcentre/shared';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice, UserText } from '../../../design-system';
import { accepts, type ComplaintActorInfo } from '../machine';
import './ComplaintActions.css';

export interface OwnerOption {
  id: string;
  name: string;
}

export interface ComplaintActionsProps {
  snapshot: ComplaintSnapshot;
  actor: ComplaintActorInfo;
  /** What this person can do now (see `possibleEvents`). */
  possible: readonly ComplaintEventType[];
  /** Steps a team lead may hand the complaint back to now. */
  returnSteps: readonly ComplaintReturnStep[];
  /** People who may become the follow-up owner or own a deferred action. */
  owners: readonly OwnerOption[];
  onSend(body: ComplaintEventBody): Promise<void>;
  /** A send is under way (buttons wait). */
  busy: boolean;
  disabled?: boolean;
}

/** The main move of a step first; side moves (escalate, wait on the customer, progress call) after. */
const ORDER: readonly ComplaintEventType[] = [
  'escalation.accepted',
  'customer.calmed',
  'problem.clarified',
  'explanation.accepted',
  'remedies.offered',
  'remedy.chosen',
  'action.completed',
  'action.deferred',
  'escalation.resolved',
  'escalation.returned',
  'owner.assigned',
  'customer.thanked',
  'customer.answered',
  'explanation.rejected',
  'remedies.rejected',
  'action.rescheduled',
  'progress.logged',
  'customer.wait',
  'complaint.escalated',
];
const SECONDARY = new Set<ComplaintEventType>(['explanation.rejected', 'remedies.rejected', 'action.rescheduled', 'progress.logged', 'customer.wait', 'complaint.escalated']);
/** Sent at once, without a form. */
const IMMEDIATE = new Set<ComplaintEventType>(['customer.calmed', 'explanation.accepted', 'escalation.accepted', 'customer.answered']);

/** Only what the machine allows now, each as a button; those that need details open a short form. */
export function ComplaintActions(props: ComplaintActionsProps) {
  const { t } = useTranslation();
  const { possible, busy, disabled, onSend, snapshot, actor } = props;
  const [open, setOpen] = useState<ComplaintEventType | null>(null);
  const ordered = ORDER.filter((type) => possible.includes(type));
  if (ordered.length === 0) {
    return <p className="cc-complaint-actions__none">{t('complaint.noActions')}</p>;
  }
  const send = async (body: ComplaintEventBody) => {
    try {
      await onSend(body);
      // Close the form that sent it (another may have been opened meanwhile).
      setOpen((current) => (current === body.type ? null : current));
    } catch {
      // The complaint view says what went wrong; the form stays open to try again.
    }
  };

  return (
    <div className="cc-complaint-actions">
      <div className="cc-complaint-actions__buttons" role="group" aria-label={t('complaint.actionsLabel')}>
        {ordered.map((type) => {
          const immediate = IMMEDIATE.has(type);
          const body = { type } as ComplaintEventBody;
          return (
            <Button
              key={type}
              size="sm"
              variant={SECONDARY.has(type) ? (type === 'complaint.escalated' ? 'ghost' : 'secondary') : 'primary'}
              aria-expanded={immediate ? undefined : open === type}
              busy={busy && (open === type || immediate)}
              disabled={disabled || (busy && open !== type) || (immediate && !accepts(snapshot, body, actor))}
              onClick={() => (immediate ? void send(body) : setOpen(open === type ? null : type))}
              data-event={type}
            >
              {t(`complaintEvents.${type}.action`)}
            </Button>
          );
        })}
      </div>
      {open ? <EventForm key={open} type={open} {...props} onSend={send} onCancel={() => setOpen(null)} /> : null}
    </div>
  );
}

type EventFormProps = ComplaintActionsProps & { type: ComplaintEventType; onCancel(): void };

function EventForm(props: EventFormProps) {
  switch (props.type) {
    case 'problem.clarified':
      return <ClarifyForm {...props} />;
    case 'remedies.offered':
      return <RemediesForm {...props} />;
    case 'remedy.chosen':
      return <ChooseRemedyForm {...props} />;
    case 'action.deferred':
      return <DeferForm {...props} />;
    case 'action.rescheduled':
      return <RescheduleForm {...props} />;
    case 'owner.assigned':
      return <AssignOwnerForm {...props} />;
    case 'escalation.returned':
      return <ReturnForm {...props} />;
    case 'customer.thanked':
      return <ThankForm {...props} />;
    case 'explanation.rejected':
    case 'remedies.rejected':
    case 'action.completed':
    case 'progress.logged':
      return <TextForm {...props} field="note" />;
    case 'complaint.escalated':
    case 'customer.wait':
      return <TextForm {...props} field="reason" />;
    case 'escalation.resolved':
      return <TextForm {...props} field="resolution" />;
    default:
      return null;
  }
}

/** A form whose submit is enabled only when the machine accepts the event it builds. */
function Shell({ type, body, children, onSend, onCancel, busy, disabled, snapshot, actor }: EventFormProps & { body: ComplaintEventBody; children: ReactNode }) {
  const { t } = useTranslation();
  const titleId = useId();
  const ok = accepts(snapshot, body, actor);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ok && !busy) void onSend(body);
  };
  return (
    <form className="cc-complaint-form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <p id={titleId} className="cc-complaint-form__title">
        {t(`complaintEvents.${type}.action`)}
      </p>
      <p className="cc-complaint-form__help">{t(`complaintEvents.${type}.help`)}</p>
      {children}
      <div className="cc-complaint-form__actions">
        <Button type="submit" variant="primary" size="sm" busy={busy} disabled={disabled || !ok}>
          {t(`complaintEvents.${type}.submit`)}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function TextArea({ label, value, onChange, rows = 3 }: { label: string; value: string; onChange(value: string): void; rows?: number }) {
  const id = useId();
  return (
    <div className="ds-field">
      <label className="ds-field__label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} className="ds-input cc-complaint-form__text" rows={rows} value={value} dir="auto" maxLength={2000} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function TextForm(props: EventFormProps & { field: 'note' | 'reason' | 'resolution' }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const body = { type: props.type, [props.field]: text } as unknown as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      <TextArea label={t(`complaintEvents.${props.type}.field`)} value={text} onChange={setText} />
    </Shell>
  );
}

function ClarifyForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const [upheld, setUpheld] = useState<boolean | null>(null);
  const body = { type: 'problem.clarified', summary, upheld: upheld ?? true } as ComplaintEventBody;
  return (
    <Shell {...props} body={upheld === null ? ({ type: 'problem.clarified', summary: '', upheld: true } as ComplaintEventBody) : body}>
      <TextArea label={t('complaintEvents.problem.clarified.field')} value={summary} onChange={setSummary} />
      <fieldset className="cc-complaint-form__choice">
        <legend>{t('complaint.upheldQuestion')}</legend>
        <label>
          <input type="radio" name="upheld" checked={upheld === true} onChange={() => setUpheld(true)} /> {t('complaint.upheldYes')}
        </label>
        <label>
          <input type="radio" name="upheld" checked={upheld === false} onChange={() => setUpheld(false)} /> {t('complaint.upheldNo')}
        </label>
      </fieldset>
    </Shell>
  );
}

function RemediesForm(props: EventFormProps) {
  const { t } = useTranslation();
  const round = props.snapshot.context.remedyOffers.length + 1;
  const [descriptions, setDescriptions] = useState<string[]>(['', '']);
  const remedies = descriptions.map((description, index) => ({ id: `r${round}-${index + 1}`, description })).filter((remedy) => remedy.description.trim());
  const body = { type: 'remedies.offered', remedies } as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      <ol className="cc-complaint-form__remedies">
        {descriptions.map((description, index) => (
          <li key={index}>
            <input
              className="ds-input"
              aria-label={t('complaint.remedyLabel', { number: index + 1 })}
              placeholder={t('complaint.remedyPlaceholder')}
              value={description}
              dir="auto"
              maxLength={500}
              onChange={(event) => setDescriptions((current) => current.map((item, position) => (position === index ? event.target.value : item)))}
            />
            {descriptions.length > 1 ? (
              <Button size="sm" variant="ghost" onClick={() => setDescriptions((current) => current.filter((_, position) => position !== index))}>
                {t('common.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      {descriptions.length < 10 ? (
        <Button size="sm" variant="ghost" onClick={() => setDescriptions((current) => [...current, ''])}>
          {t('complaint.addRemedy')}
        </Button>
      ) : null}
    </Shell>
  );
}

function ChooseRemedyForm(props: EventFormProps) {
  const { t } = useTranslation();
  const offer = props.snapshot.context.remedyOffers[props.snapshot.context.remedyOffers.length - 1];
  const [remedyId, setRemedyId] = useState('');
  const body = { type: 'remedy.chosen', remedyId } as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      <fieldset className="cc-complaint-form__choice cc-complaint-form__choice--list">
        <legend>{t('complaint.whichRemedy')}</legend>
        {(offer?.remedies ?? []).map((remedy) => (
          <label key={remedy.id}>
            <input type="radio" name="remedy" checked={remedyId === remedy.id} onChange={() => setRemedyId(remedy.id)} /> <UserText>{remedy.description}</UserText>
          </label>
        ))}
      </fieldset>
    </Shell>
  );
}

/** A datetime-local value one working day ahead, as a starting point. */
function tomorrowAtNine(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(9, 0, 0, 0);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function isoOrEmpty(local: string): string {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString();
}

function DateTimeField({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  const id = useId();
  return (
    <div className="ds-field">
      <label className="ds-field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="ds-input" type="datetime-local" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function OwnerSelect({ label, owners, value, onChange, self }: { label: string; owners: readonly OwnerOption[]; value: string; onChange(value: string): void; self?: OwnerOption }) {
  const { t } = useTranslation();
  const id = useId();
  const options = self && !owners.some((owner) => owner.id === self.id) ? [self, ...owners] : owners;
  return (
    <div className="ds-field">
      <label className="ds-field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="ds-input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('complaint.choosePerson')}</option>
        {options.map((owner) => (
          <option key={owner.id} value={owner.id}>
            {owner.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function DeferForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [description, setDescription] = useState(props.snapshot.context.chosenRemedy?.description ?? '');
  const [due, setDue] = useState(tomorrowAtNine);
  const [ownerId, setOwnerId] = useState(props.actor.userId);
  const body = { type: 'action.deferred', description, dueAt: isoOrEmpty(due), ownerId } as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      <TextArea label={t('complaintEvents.action.deferred.field')} value={description} onChange={setDescription} rows={2} />
      <div className="cc-complaint-form__row">
        <DateTimeField label={t('complaint.dueAt')} value={due} onChange={setDue} />
        <OwnerSelect label={t('complaint.actionOwner')} owners={props.owners} value={ownerId} onChange={setOwnerId} self={{ id: props.actor.userId, name: t('complaint.me') }} />
      </div>
    </Shell>
  );
}

function RescheduleForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [due, setDue] = useState(tomorrowAtNine);
  const [reason, setReason] = useState('');
  const body = { type: 'action.rescheduled', dueAt: isoOrEmpty(due), reason } as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      <DateTimeField label={t('complaint.newDueAt')} value={due} onChange={setDue} />
      <TextArea label={t('complaintEvents.action.rescheduled.field')} value={reason} onChange={setReason} rows={2} />
    </Shell>
  );
}

function AssignOwnerForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [ownerId, setOwnerId] = useState('');
  const body = { type: 'owner.assigned', ownerId } as ComplaintEventBody;
  return (
    <Shell {...props} body={body}>
      {props.owners.length === 0 ? <Notice tone="warning">{t('complaint.noOwners')}</Notice> : null}
      <OwnerSelect label={t('complaintEvents.owner.assigned.field')} owners={props.owners} value={ownerId} onChange={setOwnerId} />
    </Shell>
  );
}

function ReturnForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [to, setTo] = useState<ComplaintReturnStep | ''>(props.returnSteps[0] ?? '');
  const [guidance, setGuidance] = useState('');
  const id = useId();
  const body = { type: 'escalation.returned', to: to || 'resolve', guidance } as ComplaintEventBody;
  return (
    <Shell {...props} body={to ? body : ({ type: 'escalation.returned', to: 'resolve', guidance: '' } as ComplaintEventBody)}>
      <div className="ds-field">
        <label className="ds-field__label" htmlFor={id}>
          {t('complaint.returnTo')}
        </label>
        <select id={id} className="ds-input" value={to} onChange={(event) => setTo(event.target.value as ComplaintReturnStep)}>
          {props.returnSteps.map((step) => (
            <option key={step} value={step}>
              {t(`complaintReturnSteps.${step}`)}
            </option>
          ))}
        </select>
      </div>
      <TextArea label={t('complaintEvents.escalation.returned.field')} value={guidance} onChange={setGuidance} />
    </Shell>
  );
}

function ThankForm(props: EventFormProps) {
  const { t } = useTranslation();
  const [settled, setSettled] = useState<boolean | null>(null);
  const [anythingElse, setAnythingElse] = useState('');
  const [satisfaction, setSatisfaction] = useState<number | null>(null);
  const body = {
    type: 'customer.thanked',
    settled: settled ?? true,
    anythingElse: anythingElse.trim() ? anythingElse.trim() : null,
    satisfaction,
  } as ComplaintEventBody;
  const complete = settled !== null;
  return (
    <Shell {...props} body={complete ? body : ({ type: 'customer.thanked', settled: 'unanswered' } as unknown as ComplaintEventBody)}>
      <fieldset className="cc-complaint-form__choice">
        <legend>{t('complaint.settledQuestion')}</legend>
        <label>
          <input type="radio" name="settled" checked={settled === true} onChange={() => setSettled(true)} /> {t('complaint.settledYes')}
        </label>
        <label>
          <input type="radio" name="settled" checked={settled === false} onChange={() => setSettled(false)} /> {t('complaint.settledNo')}
        </label>
      </fieldset>
      <TextArea label={t('complaint.anythingElse')} value={anythingElse} onChange={setAnythingElse} rows={2} />
      <fieldset className="cc-complaint-form__choice">
        <legend>{t('complaint.satisfaction')}</legend>
        {[1, 2, 3, 4, 5].map((score) => (
          <label key={score}>
            <input type="radio" name="satisfaction" checked={satisfaction === score} onChange={() => setSatisfaction(score)} /> {score}
          </label>
        ))}
        <label>
          <input type="radio" name="satisfaction" checked={satisfaction === null} onChange={() => setSatisfaction(null)} /> {t('complaint.declinedScore')}
        </label>
      </fieldset>
      {settled === false ? <Notice tone="warning">{t('complaint.notSettledNotice')}</Notice> : null}
    </Shell>
  );
}
