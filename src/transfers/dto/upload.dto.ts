import { ApiProperty } from '@nestjs/swagger';

/** The multipart form of an import upload (for the API description only). */
export class ImportUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'A CSV (UTF-8) or XLSX file with the header ref, iso3, status, assessedOn and optionally note, evidenceUrl, evidenceCitation; at most 20 MB.',
  })
  file: unknown;
}
