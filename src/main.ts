// Entry point: mounts the Svelte app. Kept tiny so first paint needs only the UI shell; the
// engine loads in the worker and heavy libraries (monaco, mermaid) load on demand.

import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('Brokerlab: #app element missing from index.html');

export default mount(App, { target });
