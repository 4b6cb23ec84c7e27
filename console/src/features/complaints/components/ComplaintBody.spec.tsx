import type { ComplaintDetail } from '@callcentre/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aComplaintDetail, AGENT_ID, complaintAfter, TEAM_LEAD_ID } from '../../../testing/complaints';
import { aDeskSnapshot } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import type { ComplaintActorInfo } from '../machine';
import { ComplaintBody } from './ComplaintView';

const agent: ComplaintActorInfo = { userId: AGENT_ID, roles: ['agent'] };
const teamLead: ComplaintActorInfo = { userId: TEAM_LEAD_ID, roles: ['team_lead', 'agent'] };

function renderBody(detail: ComplaintDetail, actor: ComplaintActorInfo = agent, onSend = jest.fn(async () => undefined)) {
  renderWithProviders(<ComplaintBody detail={detail} actor={actor} owners={[{ id: AGENT_ID, name: 'Amy Walker' }]} onSend={onSend} sending={false} />, {
    session: { username: actor === agent ? 'amy' : 'grace' },
    socket: new FakeSocket({ snapshot: aDeskSnapshot() }),
  });
  return onSend;
}

const actionNames = () =>
  within(screen.getByRole('group', { name: 'Complaint actions' }))
    .getAllByRole('button')
    .map((button) => button.textContent);

const progressOf = () => Object.fromEntries(screen.getAllByRole('listitem').filter((item) => item.dataset.step).map((item) => [item.dataset.step, item.dataset.progress]));

describe('complaint stepper and actions', () => {
  it('after receipt: the calm step is current, with its guidance and only the moves the machine allows', () => {
    renderBody(aComplaintDetail(complaintAfter([])));
    expect(progressOf()).toEqual({ receive: 'done', calm: 'current', clarify: 'todo', resolve: 'todo', act: 'todo', thank: 'todo' });
    expect(screen.getByTestId('complaint-guidance')).toHaveTextContent('Listen and acknowledge how the customer feels.');
    expect(actionNames()).toEqual(['Customer is calm', 'Log a progress call', 'Wait on the customer', 'Escalate to the team lead']);
  });

  it('enables recording the clarified problem only once the machine would accept it', async () => {
    const onSend = renderBody(aComplaintDetail(complaintAfter([{ type: 'customer.calmed' }])));
    expect(actionNames()).toContain('Record the clarified problem');
    expect(actionNames()).not.toContain('Offer remedies');
    await userEvent.click(screen.getByRole('button', { name: 'Record the clarified problem' }));
    const submit = screen.getByRole('button', { name: 'Record' });
    expect(submit).toBeDisabled();
    await userEvent.type(screen.getByLabelText('The problem, as confirmed with the customer'), 'May was collected twice');
    expect(submit).toBeDisabled(); // upheld or not is still unanswered
    await userEvent.click(screen.getByLabelText('Yes, the facts support it'));
    expect(submit).toBeEnabled();
    await userEvent.click(submit);
    expect(onSend).toHaveBeenCalledWith({ type: 'problem.clarified', summary: 'May was collected twice', upheld: true });
  });

  it('offers remedies, then lets the customer choose one of them', async () => {
    const proposing = complaintAfter([{ type: 'customer.calmed' }, { type: 'problem.clarified', upheld: true, summary: 'Charged twice' }]);
    const onSend = renderBody(aComplaintDetail(proposing));
    expect(actionNames()).toEqual(['Offer remedies', 'Log a progress call', 'Wait on the customer', 'Escalate to the team lead']);
    await userEvent.click(screen.getByRole('button', { name: 'Offer remedies' }));
    await userEvent.type(screen.getByLabelText('Remedy 1'), 'Refund the second charge');
    await userEvent.type(screen.getByLabelText('Remedy 2'), 'Credit next month');
    await userEvent.click(screen.getByRole('button', { name: 'Offer these remedies' }));
    expect(onSend).toHaveBeenCalledWith({
      type: 'remedies.offered',
      remedies: [
        { id: 'r1-1', description: 'Refund the second charge' },
        { id: 'r1-2', description: 'Credit next month' },
      ],
    });
  });

  it('when remedies await the choice: choosing and refusing, not offering again', () => {
    const awaiting = complaintAfter([
      { type: 'customer.calmed' },
      { type: 'problem.clarified', upheld: true, summary: 'Charged twice' },
      { type: 'remedies.offered', remedies: [{ id: 'r1-1', description: 'Refund' }] },
    ]);
    renderBody(aComplaintDetail(awaiting));
    expect(progressOf().resolve).toBe('current');
    expect(actionNames()).toEqual(['Customer chose a remedy', 'Customer refuses every remedy', 'Log a progress call', 'Wait on the customer', 'Escalate to the team lead']);
  });

  it('not upheld: explain, then the customer accepts or rejects the explanation', () => {
    renderBody(aComplaintDetail(complaintAfter([{ type: 'customer.calmed' }, { type: 'problem.clarified', upheld: false, summary: 'Charge was correct' }])));
    expect(actionNames().slice(0, 2)).toEqual(['Customer accepts the explanation', 'Customer rejects the explanation']);
  });

  it('escalated: the team lead can take ownership; the agent cannot', () => {
    const escalated = complaintAfter([{ type: 'customer.calmed' }, { type: 'complaint.escalated', reason: 'Asks for a manager' }]);
    renderBody(aComplaintDetail(escalated), teamLead);
    expect(screen.getByTestId('complaint-guidance')).toHaveTextContent('The team lead accepts it, appoints a follow-up owner');
    expect(progressOf().clarify).toBe('current'); // escalated while clarifying
    expect(actionNames()).toContain('Take ownership');
    expect(actionNames()).not.toContain('Customer is calm');
  });

  it('escalated, as the agent who owns it: no team-lead moves', () => {
    const escalated = complaintAfter([{ type: 'customer.calmed' }, { type: 'complaint.escalated', reason: 'Asks for a manager' }]);
    renderBody(aComplaintDetail(escalated), agent);
    expect(actionNames()).not.toContain('Take ownership');
    expect(actionNames()).not.toContain('Resolve');
  });

  it('closed: every step done and nothing left to do', () => {
    const closed = complaintAfter([
      { type: 'customer.calmed' },
      { type: 'problem.clarified', upheld: false, summary: 'Charge was correct' },
      { type: 'explanation.accepted' },
      { type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 4 },
    ]);
    renderWithProviders(
      <ComplaintBody detail={aComplaintDetail(closed)} actor={agent} owners={[]} onSend={jest.fn()} sending={false} />,
      { session: { username: 'amy' }, socket: new FakeSocket({ snapshot: aDeskSnapshot() }) },
    );
    expect(Object.values(progressOf())).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(screen.getByText('Nothing for you to do now: it is with someone else, or closed.')).toBeInTheDocument();
    expect(screen.getByText(/satisfaction 4\/5/)).toBeInTheDocument();
  });

  it('shows no move the server does not list for this person, even if the machine would take it', () => {
    renderBody(aComplaintDetail(complaintAfter([]), { allowedEvents: ['progress.logged'] }));
    expect(actionNames()).toEqual(['Log a progress call']);
  });
});
