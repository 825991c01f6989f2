import { NotFoundException, ParseIntPipe } from '@nestjs/common';

/** An import id from the URL; anything but a whole number names no import (404). */
export const ImportIdPipe = new ParseIntPipe({
  exceptionFactory: () => new NotFoundException('No such import: the id is a whole number'),
});
