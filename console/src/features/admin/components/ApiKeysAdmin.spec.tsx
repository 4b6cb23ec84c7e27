import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { ApiKeysAdmin } from './ApiKeysAdmin';
import { SkillsAdmin } from './SkillsAdmin';

const listed = { id: 'k1', name: 'PBX north', keyPrefix: 'cc_ab12', scopes: ['ingest'], createdBy: 'u1', createdAt: '2026-12-01T09:00:00Z', revokedAt: null, lastUsedAt: null };

describe('administration forms', () => {
  it('creates an API key with its scope and shows the key once, until it is put away', async () => {
    const created: unknown[] = [];
    mockFetch({
      'GET /api/api-keys': () => fakeResponse(200, created.length ? [listed] : []),
      'POST /api/api-keys': ({ body }) => {
        created.push(body);
        return fakeResponse(201, { ...listed, key: 'cc_ab12.secret-value' });
      },
    });
    renderWithProviders(<ApiKeysAdmin />);
    await userEvent.type(screen.getByLabelText('Name'), 'PBX north');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('api-key-value')).toHaveTextContent('cc_ab12.secret-value');
    expect(created).toEqual([{ name: 'PBX north', scopes: ['ingest'] }]);
    expect(await screen.findByText('Never')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('api-key-value')).toBeNull();
  });

  it('words the refusal of the API by its code and marks the refused field', async () => {
    mockFetch({
      'GET /api/skills': () => fakeResponse(200, []),
      'POST /api/skills': () => fakeResponse(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'code must be lower-case letters', fields: [{ field: 'code', messages: ['code must be lower-case letters'] }] }),
    });
    renderWithProviders(<SkillsAdmin />);
    await userEvent.type(screen.getByLabelText('Code'), 'Bad Code');
    await userEvent.type(screen.getByLabelText('Name'), 'Bad');
    await userEvent.click(screen.getByRole('button', { name: 'Add skill' }));
    await waitFor(() => expect(screen.getByTestId('admin-error')).toHaveTextContent('Not saved. Check: Code.'));
    expect(screen.getByLabelText('Code')).toHaveAttribute('aria-invalid', 'true');
  });

  it('speaks the reader language for a known refusal', async () => {
    mockFetch({
      'GET /api/skills': () => fakeResponse(200, []),
      'POST /api/skills': () => fakeResponse(409, { statusCode: 409, code: 'SKILL_CODE_TAKEN', message: "skill 'billing' exists" }),
    });
    renderWithProviders(<SkillsAdmin />, { language: 'zh-CN' });
    await userEvent.type(screen.getByLabelText('代码'), 'billing');
    await userEvent.type(screen.getByLabelText('名称'), 'Billing');
    await userEvent.click(screen.getByRole('button', { name: '添加技能' }));
    await waitFor(() => expect(screen.getByTestId('admin-error')).toHaveTextContent('已有技能使用此代码。'));
  });
});
