// Entry point: mounts the Svelte app. Kept tiny so first paint needs only the UI shell; the
// engine loads in the worker and heavy libraries (monaco, mermaid) load on demand.

import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/global.css';

// `?embed=1` is embed mode (embed.html: no editor, no monaco); same query and fragment.
if (new URLSearchParams(location.search).get('embed') === '1') location.replace(`embed.html${location.search}${location.hash}`);

const target = document.getElementById('app');
if (!target) throw new Error('Brokerlab: #app element missing from index.html');
// index.html's page shell (the first paint, before this script ran) gives way to the app.
target.replaceChildren();

export default mount(App, { target });
