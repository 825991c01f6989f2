import { IntersectionType, PickType } from '@nestjs/swagger';
import { PeriodReportQueryDto } from './period-report-query.dto.js';
import { ReportQueryDto } from './report-query.dto.js';

/**
 * The State report's query: the dated options of every report, and what narrows it, with the
 * period report's rules: an event and a theme (slugs), and a period (`from` excluded, `to`
 * included), which keeps the recommendations assessed for the State in it and reads the
 * statuses as of `to`, compared with `from`.
 */
export class StateReportQueryDto extends IntersectionType(
  ReportQueryDto,
  PickType(PeriodReportQueryDto, ['event', 'theme', 'from', 'to'] as const),
) {}
