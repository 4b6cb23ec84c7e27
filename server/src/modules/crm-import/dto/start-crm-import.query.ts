import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { CRM_IMPORT_KINDS, type CrmImportKind } from '../crm-csv';

export class StartCrmImportQuery {
  @ApiProperty({ enum: CRM_IMPORT_KINDS, description: 'What the file holds: customers, or their purchases (transactions)' })
  @IsIn(CRM_IMPORT_KINDS)
  kind!: CrmImportKind;

  @ApiProperty({ description: "The file's name: with its size and first bytes it tells the file again, so that sending it again resumes an interrupted import" })
  @IsString()
  @Length(1, 255)
  name!: string;
}
