import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Connection } from 'mongoose';
import { PublicRoute } from '../identity/authorization/policy';

@ApiTags('health')
@PublicRoute() // probes of the orchestrator carry no credentials
@Controller('health')
export class HealthController {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database answers a ping' })
  async ready(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.connection.db!.admin().ping();
    } catch {
      throw new ServiceUnavailableException({
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database does not answer',
      });
    }
    return { status: 'ok', database: 'up' };
  }
}
