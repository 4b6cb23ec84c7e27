import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerEntity } from './customer.entity';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { CustomerSyncRepository } from './customer-sync.repository';
import { CustomerSyncService } from './customer-sync.service';
import { TransactionsController } from './transactions.controller';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerEntity])],
  controllers: [CustomersController, TransactionsController],
  providers: [CustomersService, CustomersRepository, CustomerSyncService, CustomerSyncRepository],
  exports: [CustomersService, CustomerSyncRepository],
})
export class CustomersModule {}
