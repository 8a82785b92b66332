import { render } from 'preact';
import { detectHost } from './host';
import { App } from './shell/App';
import { createPanel } from './shell/create-panel';
import './theme.css';

const panel = createPanel(detectHost());
document.documentElement.classList.toggle('theme-dark', panel.host.theme === 'dark');
render(<App panel={panel} />, document.getElementById('app') as HTMLElement);
