# Generator of the per-profile scenarios under scenarios/<area>/ (run: cd scenarios/tools && for g in g_reset g_a g_b g_c g_d g_e; do python3 $g.py; done).
# The YAML files it writes are the product; edit here and regenerate, or edit the YAML directly.
import os, textwrap
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
KF = os.path.join(ROOT, '..', 'tests', 'scenarios', 'known_failures')
PROFILES = {
 'smartcode':      dict(kp='paired5', mode='optional',  cap=30, N=5, T=300,  auto=True,  vwarn=4.8, reset='power',   hold=30.0),
 'halo':           dict(kp='ten',     mode='mandatory', cap=30, N=5, T=600,  auto=True,  vwarn=5.0, reset='power',   hold=30.0),
 'powerbolt250':   dict(kp='ten',     mode='optional',  cap=16, N=5, T=300,  auto=False, vwarn=4.8, reset='power',   hold=30.0),
 'contemporary275':dict(kp='ten',     mode='preset',    cap=30, N=5, T=300,  auto=True,  vwarn=4.8, reset='power',   hold=30.0),
 'legacy2code':    dict(kp='paired5', mode='none',      cap=2,  N=3, T=60,   auto=True,  vwarn=4.8, reset='power',   hold=30.0),
 'fourled':        dict(kp='ten',     mode='optional',  cap=16, N=3, T=1800, auto=False, vwarn=4.8, reset='fourled', hold=10.0),
 'generic':        dict(kp='ten',     mode='mandatory', cap=20, N=5, T=300,  auto=True,  vwarn=4.8, reset='generic', hold=10.0),
}
ALL = list(PROFILES)
M, U, U2, N_, W = '13579', '5791', '9753', '31975', '9999'
ACC = '- expect: {beeps: 1, led: green, within: 1s}'
REJ = '- expect: {beeps: 3, led: red, within: 1s}'
OFF = '- expect: {led: off, within: 2s}'
def fmt_s(x):
    s = ('%.3f' % x).rstrip('0').rstrip('.')
    return s + 's'

def write(relpath, name, reqs, profile, tags, steps, setup=None, vars=None, requires=None, header=None, root=ROOT):
    path = os.path.join(root, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = []
    if header:
        for h in header.strip().splitlines(): out.append('# ' + h)
    out.append('scenario: "' + name.replace('"', "'") + '"')
    out.append(f'requirements: [{", ".join(reqs)}]')
    out.append(f'profile: {profile}')
    out.append(f'tags: [{", ".join(tags)}]')
    if requires: out.append(f'requires: [{", ".join(requires)}]')
    if vars:
        out.append('vars:')
        for k, v in vars.items(): out.append(f'  {k}: "{v}"')
    def block(lines):
        for l in lines:
            if l is None: continue
            if isinstance(l, list):
                for ll in l: out.append('  ' + ll)
            else:
                for ll in l.split('\n'): out.append('  ' + ll)
    if setup:
        out.append('setup:'); block(setup)
    out.append('steps:'); block(steps)
    with open(path, 'w') as f: f.write('\n'.join(out) + '\n')
    return path

def flat(*parts):
    r = []
    for p in parts:
        if p is None: continue
        if isinstance(p, (list, tuple)): r.extend(flat(*p))
        else: r.append(p)
    return r

def ready(p):
    return [f'- call: ready', '  with: {master: "${master}", user: "${user}"}']

def auth(p, master='${master}'):
    """Open a session: P M L -> ACCEPT (nothing on legacy2code)."""
    if p == 'legacy2code': return ['- press: program']
    return ['- press: program', f'- enter: "{master}"', '- press: lock', ACC, '- press: program']

def add(p, code, master='${master}', result='ok'):
    """P [M L P] C L"""
    s = auth(p, master) + [f'- enter: "{code}"', '- press: lock']
    s += [ACC if result == 'ok' else REJ, OFF]
    return s

def fail(n=1, code='${wrong}'):
    s = []
    for i in range(n):
        s += [f'- enter: "{code}"', '- press: lock', REJ + '   # a failure', OFF]
    return s

def power_cycle(settle='1.5s'):
    return ['- power: off', '- wait: 500ms', '- power: on', '- expect: {beeps: 1, within: 500ms}   # BOOT', f'- wait: {settle}']

def unlock(code='${user}'):
    return ['- call: unlock', f'  with: {{code: "{code}"}}']
def lock():
    return ['- call: lock']
def rejected_code(code):
    """code does not unlock: entry ended by Lock gives REJECT (a failure)."""
    return [f'- enter: "{code}"', '- press: lock', REJ, OFF]

def handing_ok(within='8s'):
    return [f'- expect: {{beeps: 2, led: {{color: green, blinks: 2}}, within: {within}}}   # HANDING_OK', '- expect: {bolt: retracted}', OFF]

VARS = lambda p, **kw: dict(dict(master=M, user=U, user2=U2, newmaster=N_, wrong=W), **kw)
