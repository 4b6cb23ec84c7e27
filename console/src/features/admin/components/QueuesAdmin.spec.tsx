import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aQueue } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { QueuesAdmin } from './QueuesAdmin';

/** Types a whole value at once (pasted), replacing what the field held. */
async function fill(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.click(field);
  await userEvent.paste(text);
}

const skills = [{ id: 's-mort', code: 'mortgages', name: 'Mortgages', kind: 'product', createdAt: '2026-12-01T00:00:00Z' }];

describe('the queue form', () => {
  it('checks numbers with the rules the server applies, in the reader language, and sends nothing until they pass', async () => {
    const fetch = mockFetch({ 'GET /api/queues': () => fakeResponse(200, []), 'GET /api/skills': () => fakeResponse(200, skills) });
    renderWithProviders(<QueuesAdmin />, { language: 'zh-CN' });
    await userEvent.click(await screen.findByRole('button', { name: '新建队列' }));
    const form = screen.getByTestId('queue-form');
    await fill(within(form).getByLabelText('代码'), 'mortgages');
    await fill(within(form).getByLabelText('名称'), 'Mortgages');
    await fill(within(form).getByLabelText('服务水平目标（%）'), '120');
    await userEvent.click(within(form).getByRole('button', { name: '保存' }));
    expect(within(form).getByLabelText('服务水平目标（%）')).toHaveAttribute('aria-invalid', 'true');
    expect(form).toHaveTextContent('1 到 100');
    expect(fetch.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST')).toEqual([]);
  });

  it('sends the whole queue with its skills, relaxation, overflow and hours, and words a refusal by its code', async () => {
    const sent: unknown[] = [];
    mockFetch({
      'GET /api/queues': () => fakeResponse(200, [aQueue({ id: 'q-general', code: 'general', name: 'General' })]),
      'GET /api/skills': () => fakeResponse(200, skills),
      'POST /api/queues': ({ body }) => {
        sent.push(body);
        return fakeResponse(409, { statusCode: 409, code: 'QUEUE_CODE_TAKEN', message: "queue 'mortgages' exists", details: { field: 'code' } });
      },
    });
    renderWithProviders(<QueuesAdmin />);
    await userEvent.click(await screen.findByRole('button', { name: 'New queue' }));
    const form = screen.getByTestId('queue-form');
    await fill(within(form).getByLabelText('Code'), 'mortgages');
    await fill(within(form).getByLabelText('Name'), 'Mortgages');
    await fill(within(form).getByLabelText('Overflow after (s)'), '120');
    await userEvent.selectOptions(within(form).getByLabelText('Overflow to'), 'General');
    await userEvent.click(within(form).getByRole('button', { name: 'Add a skill' }));
    await userEvent.selectOptions(within(form).getByLabelText('Skill'), 'Mortgages');
    await fill(within(form).getByLabelText('Minimum level (1–5)'), '3');
    await userEvent.click(within(form).getByRole('button', { name: 'Add a step' }));
    await userEvent.click(within(form).getByLabelText('Open only in these hours (outside them a callback or ticket is offered)'));
    await fill(within(form).getByLabelText('Time zone'), 'Asia/Shanghai');
    await fill(within(form).getByLabelText('Monday'), '09:00-12:00, 13:30-18:00');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('admin-error')).toHaveTextContent('Another queue already has this code.'));
    expect(within(form).getByLabelText('Code')).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([
      expect.objectContaining({
        code: 'mortgages',
        name: 'Mortgages',
        serviceLevelPercent: 80,
        maxWaitSeconds: 120,
        overflowQueue: 'general',
        skills: [{ skill: 'mortgages', minProficiency: 3, optional: false }],
        relaxationSteps: [{ afterSeconds: 30, lowerProficiencyBy: 1, dropOptionalSkills: false }],
        businessHours: { timeZone: 'Asia/Shanghai', days: { '1': [{ from: '09:00', to: '12:00' }, { from: '13:30', to: '18:00' }] } },
      }),
    ]);
  }, 20_000);
});
