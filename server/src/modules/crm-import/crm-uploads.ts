import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { CrmImportView } from '@callcentre/shared';
import type { AuthenticatedPrincipal } from '../../common/auth';
import { auditActorOf } from '../customers';
import type { CrmImportKind } from './crm-csv';
import { CrmImportService } from './crm-import.service';
import { streamSource } from './csv-source';

/** The largest file the console may upload in one request. */
export const CRM_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;

/** Files uploaded through the console or by a CRM with a `crm` key: the import runs on after the 202. */
@Injectable()
export class CrmUploads {
  private readonly logger = new Logger('CrmImport');

  constructor(private readonly imports: CrmImportService) {}

  async start(kind: CrmImportKind, name: string, bytes: number, body: Readable, caller: AuthenticatedPrincipal): Promise<CrmImportView> {
    const source = await streamSource(name, bytes, body);
    const started = await this.imports.start(kind, source, { actor: auditActorOf(caller), startedBy: caller.kind === 'user' ? caller.id : null });
    void started.finished.then(
      (outcome) => {
        if (outcome.error) this.logger.warn(`import ${outcome.view.id} of ${name} stopped at line ${outcome.view.linesDone}: ${outcome.error}`);
      },
      // The database went away under the import (the server is closing, or it failed): what was committed stays, and
      // sending the file again resumes after it.
      (error: unknown) => this.logger.warn(`import ${started.view.id} of ${name} stopped: ${error instanceof Error ? error.message : String(error)}`),
    );
    return started.view;
  }

  get(id: string): Promise<CrmImportView> {
    return this.imports.get(id);
  }

  recent(limit: number): Promise<CrmImportView[]> {
    return this.imports.recent(limit);
  }
}
