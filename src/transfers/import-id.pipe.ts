import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { MAX_ID, parseId } from '../common/validation.js';

/** An import id from the URL; anything but a whole number from 1 to MAX_ID names no import (404). */
@Injectable()
class ImportIdParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = parseId(value);
    if (id === null) {
      throw new NotFoundException(`No such import: the id is a whole number from 1 to ${MAX_ID}`);
    }
    return id;
  }
}

export const ImportIdPipe = new ImportIdParamPipe();
