import { type MetricsService } from '../metrics/metrics-service';
import { type SyncService } from '../stripe/sync/sync-service';

/** Long-lived parts of the core that handlers drive. */
export interface CoreServices {
  sync: SyncService;
  metrics: MetricsService;
}
