import { render } from 'preact';
import { detectHost } from './host';
import { App } from './shell/App';
import './theme.css';

const host = detectHost();
document.documentElement.classList.toggle('theme-dark', host.theme === 'dark');
render(<App host={host} />, document.getElementById('app') as HTMLElement);
