import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators.js';
import { HealthService, type HealthAnswer } from './health.service.js';

function send(res: Response, answer: HealthAnswer): HealthAnswer['body'] {
  res.status(answer.httpStatus);
  return answer.body;
}

/**
 * Health for load balancers and orchestrators, open to anyone: `/health/live` (the process
 * answers), `/health/ready` (it may be sent requests; 503 when not), and `/health`, the same
 * as `/health/ready`.
 */
@ApiExcludeController()
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  async live(@Res({ passthrough: true }) res: Response): Promise<HealthAnswer['body']> {
    return send(res, await this.health.liveness());
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthAnswer['body']> {
    return send(res, await this.health.readiness());
  }

  @Get()
  async readyAlias(@Res({ passthrough: true }) res: Response): Promise<HealthAnswer['body']> {
    return send(res, await this.health.readiness());
  }
}
