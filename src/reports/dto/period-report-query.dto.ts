import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { IsOptional, registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate, today } from '../../common/dates.js';
import { IsIsoDate, NotInFuture, Trim } from '../../common/validation.js';
import { MatrixQueryDto } from '../../progress/dto/progress-query.dto.js';
import { ReportQueryDto } from './report-query.dto.js';

/** `from` comes before `to` (today when `to` is left out); other problems are left to the date rules. */
function BeforeTo(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'beforeTo',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be before to`, ...options },
      validator: {
        validate: (value: unknown, args) => {
          const to = (args?.object as { to?: unknown }).to ?? today();
          return !isIsoDate(value) || !isIsoDate(to) || value < to;
        },
      },
    });
}

/**
 * The period report's query: the two dates it compares, the event and theme filters of the
 * progress API, and the edition and format of every report.
 */
export class PeriodReportQueryDto extends IntersectionType(
  PickType(ReportQueryDto, ['edition', 'format'] as const),
  PickType(MatrixQueryDto, ['event', 'theme'] as const),
) {
  @ApiPropertyOptional({
    description: 'Start of the period (YYYY-MM-DD), excluded; default one year before `to`',
    example: '2009-12-31',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @BeforeTo()
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the period (YYYY-MM-DD), included; default today',
    example: '2010-12-31',
  })
  @IsOptional()
  @Trim()
  @IsIsoDate()
  @NotInFuture()
  to?: string;
}
