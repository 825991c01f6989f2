import { Module } from '@nestjs/common';
import { DemoService } from './demo.service.js';

/** The clearly labelled demo data set, loaded on request (`seed-demo`), never at start. */
@Module({
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
