import { HttpException } from '@nestjs/common';
import { DomainError } from '../../common/http/domain-error';

export const crmImportErrors = {
  badHeader: (problem: string) => new DomainError('CRM_IMPORT_BAD_HEADER', `The file cannot be imported: ${problem}`, 400, { field: 'header' }),
  held: (importId: string) =>
    new DomainError('CRM_IMPORT_RUNNING', `This file is being imported right now (import ${importId}); follow that import, or send the file again once it stops`, 409, { importId }),
  busy: (running: number) => new DomainError('CRM_IMPORTS_BUSY', `${running} file imports are running; send this one when one of them has finished`, 429, { running }),
  notCsv: () => new HttpException({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the file as the request body with Content-Type: text/csv' }, 415),
  lengthRequired: () => new HttpException({ code: 'LENGTH_REQUIRED', message: 'Send the file with its Content-Length' }, 411),
  tooLarge: (limit: number) => new HttpException({ code: 'PAYLOAD_TOO_LARGE', message: `A file import takes at most ${Math.round(limit / 1024 / 1024)} MiB; split the file` }, 413),
};
