export { CreateInteractionDto } from './dto/create-interaction.dto';
export { InteractionsModule } from './interactions.module';
export { InteractionsService, type IngestResult } from './interactions.service';
