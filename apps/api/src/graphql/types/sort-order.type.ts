import { registerEnumType } from '@nestjs/graphql';

export enum SortOrderType {
  ASC = 'asc',
  DESC = 'desc',
}

registerEnumType(SortOrderType, { name: 'SortOrder', description: 'Listing order' });
