/**
 * Loads one of the installed daily-js versions, the way a customer's bundle would import it, and
 * creates a call object whose call machine is our offline bundle.
 */

/** The part of DailyCall the demo uses; identical across 0.60, 0.80 and 0.92. */
export interface DemoCall {
  join(options: Record<string, unknown>): Promise<unknown>;
  leave(): Promise<void>;
  on(event: string, handler: (event: Record<string, unknown>) => void): unknown;
  sendAppMessage(data: unknown, to?: string): unknown;
  meetingState(): string;
  participants(): Record<string, { user_id?: string; user_name?: string; local?: boolean; session_id?: string }>;
}

interface DailyModule {
  default: {
    createCallObject(options?: Record<string, unknown>): DemoCall;
    version(): string;
  };
}

export const DAILY_VERSIONS = ['0.92', '0.80', '0.60'] as const;
export type DailyVersion = (typeof DAILY_VERSIONS)[number];

const LOADERS: Record<DailyVersion, () => Promise<unknown>> = {
  '0.92': () => import('@daily-co/daily-js'),
  '0.80': () => import('daily-js-0.80'),
  '0.60': () => import('daily-js-0.60'),
};

export function readDailyVersion(params: URLSearchParams): DailyVersion {
  const requested = params.get('daily');
  return (DAILY_VERSIONS as readonly string[]).includes(requested ?? '') ? (requested as DailyVersion) : '0.92';
}

/** Relative to the page, so the demo works wherever it is served (its own server, or under /demo/ in tests). */
export const CALL_MACHINE_DIRECTORY = 'call-machine/';
export const CALL_MACHINE_FILE = 'call-machine-object-bundle.js';

export async function createDemoCall(version: DailyVersion): Promise<{ call: DemoCall; version: string }> {
  const module = (await LOADERS[version]()) as DailyModule;
  const Daily = module.default;
  const machineDirectory = new URL(CALL_MACHINE_DIRECTORY, location.href).href;
  // 0.92 deprecates callObjectBundleUrlOverride in favour of bundlePathOverride (a directory); older versions only know the former.
  const dailyConfig =
    version === '0.92'
      ? { bundlePathOverride: machineDirectory }
      : { callObjectBundleUrlOverride: machineDirectory + CALL_MACHINE_FILE };
  const call = Daily.createCallObject({ dailyConfig, audioSource: false, videoSource: false });
  return { call, version: Daily.version() };
}
