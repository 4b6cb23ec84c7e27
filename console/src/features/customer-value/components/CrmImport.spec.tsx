import type { CrmImportView } from '@callcentre/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../../api/http';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import type { CrmImportUploader } from '../api/customer-value-api';
import { CrmImportPanel } from './CrmImport';

const anImport = (overrides: Partial<CrmImportView> = {}): CrmImportView => ({
  id: 'imp-1',
  kind: 'transactions',
  sourceName: 'purchases.csv',
  status: 'running',
  sourceBytes: 2048,
  bytesDone: 512,
  linesDone: 10,
  rowsTaken: 9,
  rowsRefused: 0,
  refusals: [],
  startedAt: '2026-05-20T10:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

const csv = () => new File(['externalId,customerExternalId,occurredAt,amount\n'], 'purchases.csv', { type: 'text/csv' });

beforeEach(() => {
  mockFetch({ '/api/crm/imports': () => fakeResponse(200, []) });
});

describe('CrmImportPanel', () => {
  it('asks for a file before uploading', async () => {
    const upload = jest.fn<ReturnType<CrmImportUploader>, Parameters<CrmImportUploader>>();
    renderWithProviders(<CrmImportPanel upload={upload} />);
    await userEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    expect(screen.getByText('Choose a CSV file.')).toBeInTheDocument();
    expect(upload).not.toHaveBeenCalled();
  });

  it('shows the upload’s bytes, then the server’s progress, then the summary with the refused lines', async () => {
    let finishUpload: (view: CrmImportView) => void = () => undefined;
    let reportProgress: (sent: number, total: number) => void = () => undefined;
    const upload: CrmImportUploader = (_kind, _file, onProgress) => {
      reportProgress = onProgress;
      return new Promise((resolve) => (finishUpload = resolve));
    };
    let polls = 0;
    mockFetch({
      '/api/crm/imports': () => fakeResponse(200, polls > 1 ? [anImport({ status: 'completed', rowsTaken: 37, rowsRefused: 3 })] : []),
      '/api/crm/imports/imp-1': () => {
        polls += 1;
        return fakeResponse(
          200,
          polls === 1
            ? anImport({ bytesDone: 1536, linesDone: 30, rowsTaken: 28, rowsRefused: 2 })
            : anImport({
                status: 'completed',
                bytesDone: 2048,
                linesDone: 41,
                rowsTaken: 37,
                rowsRefused: 3,
                refusals: [
                  { line: 7, field: 'amount', message: 'amount must be a decimal number' },
                  { line: 19, field: 'customerExternalId', message: 'no customer C-404' },
                ],
                finishedAt: '2026-05-20T10:00:03.000Z',
              }),
        );
      },
    });
    renderWithProviders(<CrmImportPanel upload={upload} pollMs={20} />);
    await userEvent.click(screen.getByLabelText('Purchases'));
    await userEvent.upload(screen.getByLabelText('CSV file'), csv());
    await userEvent.click(screen.getByRole('button', { name: 'Upload and import' }));

    expect(screen.getByText('Uploading the file…')).toBeInTheDocument();
    act(() => reportProgress(1024, 2048));
    expect(await screen.findByRole('progressbar', { name: 'File sent' })).toHaveAttribute('value', '1024');
    expect(screen.getByText('1 KB / 2 KB')).toBeInTheDocument();

    await act(async () => finishUpload(anImport()));
    const progress = screen.getByRole('region', { name: 'Progress' });
    expect(await within(progress).findByText('Importing')).toBeInTheDocument();
    expect(await within(progress).findByText('Completed')).toBeInTheDocument();
    expect(within(progress).getByText('rows taken')).toHaveTextContent('37rows taken');
    expect(within(progress).getByText('rows refused')).toHaveTextContent('3rows refused');
    expect(screen.getByText('The first 2 of 3 refused lines:')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Refused lines' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('7amountamount must be a decimal number');
    expect(rows[2]).toHaveTextContent('19customerExternalIdno customer C-404');
    // The finished import joins the recent ones.
    const recent = screen.getByRole('region', { name: 'Recent imports' });
    expect(await within(recent).findByText('purchases.csv')).toBeInTheDocument();
  });

  it('says why the server refused the file, in the reader’s language', async () => {
    const upload: CrmImportUploader = () => Promise.reject(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'File too large'));
    renderWithProviders(<CrmImportPanel upload={upload} />, { language: 'zh-CN' });
    await userEvent.upload(screen.getByLabelText('CSV 文件'), csv());
    await userEvent.click(screen.getByRole('button', { name: '上传并导入' }));
    expect(await screen.findByText('发送的内容过大。', { exact: false })).toBeInTheDocument();
  });
});
