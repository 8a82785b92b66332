/**
 * The simulated call machine offline join serves in place of Daily's (dist/offline/call-machine-object-bundle.js).
 * daily-js loads it (the page hook points the call's loader at it, in the mock-mode tab only) and runs it in the page. The replica
 * is a participant that says nothing by itself: the panel's mock replica answers the app through the page's call
 * object. It has a synthetic video (a canvas) so the app's tile is not empty. Built as one classic script
 * (vite.config.ts); never loaded in a tab without mock mode.
 */
import { SILENT_REPLICA, installPendingMachines, windowMachineEnv, type DailyRegistry } from './call-machine-core';

const FRAME_MS = 200;

/** A slowly pulsing placeholder face labelled as the mock, drawn on a canvas and captured as a video track. */
function replicaVideo(): MediaStreamTrack | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d');
  if (context === null || typeof canvas.captureStream !== 'function') return undefined;
  const track = canvas.captureStream(1000 / FRAME_MS).getVideoTracks()[0];
  if (track === undefined) return undefined;
  let frame = 0;
  const draw = () => {
    if (track.readyState === 'ended') {
      clearInterval(timer);
      return;
    }
    frame++;
    context.fillStyle = '#1d2433';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#8aa4d6';
    context.beginPath();
    context.arc(160, 105, 48 + 3 * Math.sin(frame / 5), 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = '#e8ecf4';
    context.font = '16px sans-serif';
    context.textAlign = 'center';
    context.fillText('Replica (CVI DevTools mock)', 160, 200);
  };
  const timer = setInterval(draw, FRAME_MS);
  draw();
  return track;
}

installPendingMachines(
  {
    ...windowMachineEnv(
      window as Window & { _daily?: DailyRegistry },
      '[CVI DevTools mock mode] simulated Daily call:',
    ),
    replicaVideo,
  },
  () => SILENT_REPLICA,
);
