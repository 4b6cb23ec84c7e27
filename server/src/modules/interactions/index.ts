export { contactHandledBySql, contactReaderOf, readableCustomerSql, type ContactReader } from './contact-access.sql';
export { CreateInteractionDto } from './dto/create-interaction.dto';
export { InteractionsModule } from './interactions.module';
export { InteractionsService, type IngestResult } from './interactions.service';
