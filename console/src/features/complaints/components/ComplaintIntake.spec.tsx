import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aComplaintDetail, AGENT_ID, complaintAfter } from '../../../testing/complaints';
import { aLiveContact } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { ComplaintIntake } from './ComplaintIntake';

const contact = aLiveContact({ id: '20000000-0000-4000-8000-0000000000c1', status: 'connected', caller: { phone: '+44 7700 900123' } });
const me = { id: AGENT_ID, name: 'Amy Walker' };
const opened = aComplaintDetail(complaintAfter([]), { threatening: true });

function renderIntake(answer: () => Response = () => fakeResponse(201, opened)) {
  const sent: unknown[] = [];
  mockFetch({
    'POST /api/complaints': ({ body }) => {
      sent.push(body);
      return answer();
    },
  });
  const onOpened = jest.fn();
  const onCancel = jest.fn();
  renderWithProviders(<ComplaintIntake contact={contact} agents={[]} me={me} workstation="Desk of Amy Walker" onOpened={onOpened} onCancel={onCancel} />, {
    session: { username: 'amy' },
  });
  return { sent, onOpened, onCancel };
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Record the complaint' }));

async function describeBillingComplaint() {
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'What it is about' }), 'billing');
  await userEvent.click(screen.getByRole('radio', { name: /General complaint/ }));
  await userEvent.type(screen.getByRole('textbox', { name: "What happened, in the customer's words" }), 'Charged twice and will come round');
}

describe('ComplaintIntake', () => {
  it('says what is missing and sends nothing until the complaint is described', async () => {
    const { sent, onOpened } = renderIntake();
    await submit();
    expect(screen.getByText('Choose what the complaint is about.')).toBeInTheDocument();
    expect(screen.getByText('Choose how complex it is: it sets the deadline.')).toBeInTheDocument();
    expect(screen.getByText('Write down what the customer said.')).toBeInTheDocument();
    expect(sent).toEqual([]);
    expect(onOpened).not.toHaveBeenCalled();
  });

  it('records a threatening call with the caller’s number, the workstation and what was said, for the team lead', async () => {
    const { sent, onOpened } = renderIntake();
    await describeBillingComplaint();
    expect(screen.queryByText('This complaint goes to the team lead at once.')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'The caller threatened life or property' }));
    expect(screen.getByText(/Stay calm\. Record the caller's number/)).toBeInTheDocument();
    expect(screen.getByText('This complaint goes to the team lead at once.')).toBeInTheDocument();
    // The number the call came from and this desk are filled in; what was said is the agent's to write.
    expect(screen.getByRole('textbox', { name: "Caller's number" })).toHaveValue('+44 7700 900123');
    expect(screen.getByRole('textbox', { name: 'Workstation' })).toHaveValue('Desk of Amy Walker');
    await submit();
    expect(screen.getByText('Record what was said.')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await userEvent.type(screen.getByRole('textbox', { name: 'What was said' }), '  I know where your office is  ');
    await submit();
    await waitFor(() => expect(onOpened).toHaveBeenCalledWith(opened));
    expect(sent).toEqual([
      {
        interactionId: contact.id,
        customerId: contact.customerId,
        category: 'billing',
        complexity: 'general',
        description: 'Charged twice and will come round',
        threat: { workstation: 'Desk of Amy Walker', statement: 'I know where your office is', callerNumber: '+44 7700 900123' },
      },
    ]);
  });

  it('needs the workstation of a threatening call, and sends no caller number when none is known', async () => {
    const { sent } = renderIntake();
    await describeBillingComplaint();
    await userEvent.click(screen.getByRole('checkbox', { name: 'The caller threatened life or property' }));
    await userEvent.clear(screen.getByRole('textbox', { name: 'Workstation' }));
    await userEvent.clear(screen.getByRole('textbox', { name: "Caller's number" }));
    await userEvent.type(screen.getByRole('textbox', { name: 'What was said' }), 'Threatened to burn the shop');
    await submit();
    expect(screen.getByText('Say which workstation took the call.')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await userEvent.type(screen.getByRole('textbox', { name: 'Workstation' }), 'B-12');
    await submit();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect((sent[0] as { threat: unknown }).threat).toEqual({ workstation: 'B-12', statement: 'Threatened to burn the shop' });
  });

  it('keeps what was typed and says why when the server refuses', async () => {
    const { onOpened } = renderIntake(() => fakeResponse(409, { statusCode: 409, code: 'INTERACTION_CLOSED', message: 'The contact is already closed.' }));
    await describeBillingComplaint();
    await submit();
    expect(await screen.findByRole('alert')).toHaveTextContent('The contact is already closed.');
    expect(onOpened).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: "What happened, in the customer's words" })).toHaveValue('Charged twice and will come round');
    expect(screen.getByRole('button', { name: 'Record the complaint' })).toBeEnabled();
  });
});
