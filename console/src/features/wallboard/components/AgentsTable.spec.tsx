import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aLiveContact, aWallboardAgent, T0 } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { AgentsTable } from './AgentsTable';

const skills = [
  { id: 's1', code: 'billing', name: 'Billing and payments', kind: 'product' },
  { id: 's2', code: 'general', name: 'General enquiries', kind: 'product' },
  { id: 's3', code: 'technical', name: 'Technical support', kind: 'product' },
];

const amy = aWallboardAgent({ id: 'a-amy', username: 'amy', displayName: 'Amy Walker', teamName: 'Customer care', state: 'busy', stateSince: T0 - 75_000, contactIds: ['c-1'], skills: { general: 4, billing: 3 } });
const ben = aWallboardAgent({ id: 'a-ben', username: 'ben', displayName: 'Ben Okafor', state: 'offline', stateSince: 0 });
const contacts = { 'c-1': aLiveContact({ id: 'c-1', status: 'connected', customerName: 'Mia Jones', answeredAt: T0 - 75_000 }) };

describe('AgentsTable', () => {
  it('lists signed-in agents with state, time in state, current contact and skills; offline ones on request', async () => {
    renderWithProviders(<AgentsTable agents={[amy, ben]} contacts={contacts} now={T0} mayForceState={false} mayEditSkills={false} />);
    const row = screen.getByTestId('agent-row-amy');
    expect(row).toHaveTextContent('On a contact');
    expect(within(row).getByTestId('time-in-state')).toHaveTextContent('1:15');
    expect(row).toHaveTextContent('Mia Jones');
    // The agent's team under their name; an agent outside any team shows none.
    expect(within(row).getByTestId('agent-team')).toHaveTextContent('Team: Customer care');
    expect(within(within(row).getByRole('rowheader')).getByText('Customer care')).toBeVisible();
    expect(within(row).getByRole('list', { name: 'Skills of Amy Walker' })).toHaveTextContent('billing 3');
    expect(screen.queryByTestId('agent-row-ben')).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show 1 offline' }));
    expect(screen.getByTestId('agent-row-ben')).toHaveTextContent('Offline');
    expect(within(screen.getByTestId('agent-row-ben')).queryByTestId('agent-team')).not.toBeInTheDocument();
  });

  it('lets a supervisor replace an agent’s skills and languages', async () => {
    const fetch = mockFetch({
      '/api/skills': () => fakeResponse(200, skills),
      'PUT /api/agents/a-amy/skills': () => fakeResponse(200, {}),
    });
    renderWithProviders(<AgentsTable agents={[amy]} contacts={contacts} now={T0} mayForceState mayEditSkills />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit the skills of Amy Walker' }));
    const editor = screen.getByRole('form', { name: 'Edit the skills of Amy Walker' });
    await within(editor).findByText('Technical support');
    await userEvent.selectOptions(within(editor).getByLabelText('Technical support'), '2');
    await userEvent.selectOptions(within(editor).getByLabelText('Billing and payments'), '0');
    await userEvent.click(within(editor).getByLabelText('Mandarin'));
    await userEvent.click(within(editor).getByRole('button', { name: 'Save skills' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit the skills of Amy Walker' })).not.toBeInTheDocument());
    const [, init] = fetch.mock.calls.find(([path]) => path === '/api/agents/a-amy/skills') as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ skills: [{ skill: 'general', proficiency: 4 }, { skill: 'technical', proficiency: 2 }], languages: ['en', 'zh-cmn'] });
  });
});
