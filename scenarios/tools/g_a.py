from common import *
NOM = ['smartcode', 'powerbolt250', 'fourled']  # optional master
def same_buttons(code, p):
    """The same code as other digits on paired5 (1<->2, 3<->4, ...)."""
    if PROFILES[p]['kp'] != 'paired5': return code
    sw = {'1':'2','2':'1','3':'4','4':'3','5':'6','6':'5','7':'8','8':'7','9':'0','0':'9'}
    return ''.join(sw[c] for c in code)

# ---------------- macros on every profile (item 4)
for p in ALL:
    st = ['- call: factory_reset']
    if p == 'fourled': st += ['- call: door_handing', '  with: {master: "${master}"}']
    if p == 'legacy2code':
        st += ['- call: add_user_no_master', '  with: {code: "${user}"}', unlock(), lock(), '- call: door_handing', '  with: {master: ""}', unlock()]
        reqs = ['LB-USER-9', 'LB-HANDING-5', 'LB-UNLOCK-1', 'LB-LOCK-1']
    else:
        st += ['- call: set_master', '  with: {code: "${master}"}', '- call: add_user', '  with: {master: "${master}", code: "${user}"}',
               '- call: add_user', '  with: {master: "${master}", code: "${user2}"}', unlock(), lock(),
               '- call: delete_user', '  with: {master: "${master}", code: "${user2}"}', '- enter: "${user2}"', '- press: lock', REJ, OFF,
               '- call: door_handing', '  with: {master: "${master}"}', unlock(), lock()]
        reqs = ['LB-USER-1', 'LB-USER-6', 'LB-HANDING-5' if p != 'fourled' else 'LB-HANDING-6', 'LB-UNLOCK-1', 'LB-LOCK-1']
        if p in NOM:
            st += ['- call: factory_reset'] + (['- call: door_handing', '  with: {master: ""}'] if p == 'fourled' else []) + \
                  ['- call: add_user_no_master', '  with: {code: "${user}"}', unlock()]
    write(f'macros/macros_work_{p}.yaml', f'the standard macros work on {p}', flat(reqs), p, ['macros', 'smoke'], flat(st), vars=VARS(p))

# ---------------- master
for p in ALL:
    if p == 'legacy2code':
        st = flat('- log: "LB-MASTER-10: P C L at any time, no master"', add(p, '${user2}'), unlock('${user2}'), lock(),
                  add(p, '7777'), unlock('7777'), lock(), rejected_code('${user2}'))
        write('master/master_none_legacy2code.yaml', 'legacy2code has no master: P C L programs at any time', ['LB-MASTER-10', 'LB-USER-9'], p,
              ['master'], st, setup=ready(p), vars=VARS(p))
        continue
    # change master, wrong master, cannot remove (LB-MASTER-2, -3, -6, -9)
    st = flat('- press: program', '- enter: "${master}"', '- press: lock',
              '- expect: {beeps: 1, led: green, within: 150ms}   # ACCEPT within 150 ms of L', '- expect: {led: amber, within: 1.5s}   # SESSION: open for one operation',
              '- press: [program, "1", lock]', '- expect_not: {beeps: ">=1", for: 600ms}   # P 1 L: no signal',
              '- enter: "${newmaster}"', '- press: lock', ACC + '   # master replaced', OFF,
              '- press: program', '- enter: "${newmaster}"', '- press: lock', ACC + '   # N authenticates', '- expect: {led: amber, within: 1.5s}',
              '- wait: 11s   # session timeout', '- expect: {led: off}',
              '- press: program', '- enter: "${master}"', '- press: lock', REJ + '   # M is now a wrong master (a failure)', OFF,
              '- log: "LB-MASTER-9: the master cannot be deleted like a code"',
              auth(p, '${newmaster}'), '- press: ["7", lock]', '- enter: "${newmaster}"', '- press: lock', REJ + '   # not a user code', OFF,
              '- press: program', '- enter: "7777"', '- press: lock', REJ + '   # P C L without the master never adds (LB-MASTER-3)', OFF,
              unlock(), lock(),
              '- log: "LB-MASTER-3: the refused code was not stored"',
              '- press: program', '- enter: "1111"', '- press: lock', REJ, OFF,
              rejected_code('1111'), unlock(), lock(), rejected_code('7777'), '- expect: {bolt: extended}', unlock())
    write(f'master/master_change_{p}.yaml', f'the master authenticates, can be changed, never removed; a wrong master is refused ({p})',
          ['LB-MASTER-2', 'LB-MASTER-3', 'LB-MASTER-6', 'LB-MASTER-9'], p, ['master'], st, setup=ready(p), vars=VARS(p))
    # refusals (LB-MASTER-7)
    ext = '68921' if PROFILES[p]['kp'] == 'paired5' else '57913'
    st = []
    for bad, why in [('123', 'too short'), ('${user}', 'equal to a user code'), (ext, 'has a user code as a prefix'), (same_buttons('${user}', p) if False else '${user}', 'again')][:3]:
        st += auth(p) + ['- press: ["1", lock]', f'- enter: "{bad}"', '- press: lock', REJ + f'   # {why}', OFF]
    st += auth(p) + ['- press: ["1", lock]', '- enter: "123456789"', '- expect: {beeps: 3, led: red, within: 1s}   # the 9th digit: too long', OFF]
    st += ['- press: program', '- enter: "${master}"', '- press: lock', ACC + '   # the master is unchanged', '- wait: 11s', unlock()]
    if p in NOM:
        st += ['- log: "without a master: P 1 L N L refused for a prefix of a user code, then P C L still needs no master"',
               '- call: factory_reset'] + (['- call: door_handing', '  with: {master: ""}'] if p == 'fourled' else []) + \
              ['- press: program', '- enter: "2468"', '- press: lock', ACC, OFF,
               '- press: [program, "1", lock]', f'- enter: "{"1357" if p == "smartcode" else "24689"}"', '- press: lock', REJ + ('   # 1357 is 2468 as buttons' if p == 'smartcode' else '   # 2468 is its prefix'), OFF,
               '- press: program', '- enter: "9753"', '- press: lock', ACC + '   # still no master: P C L adds', OFF, unlock('9753')]
    write(f'master/master_refusals_{p}.yaml', f'a new master that is too short, too long, or clashes with a user code is refused ({p})',
          ['LB-MASTER-7'], p, ['master'], st, setup=ready(p), vars=VARS(p))
    # master never moves the bolt (LB-MASTER-8)
    st = flat(lock(), '- wait: 1s', '- enter: "${master}"', '- press: lock')
    if p == 'powerbolt250':
        st += [ACC + '   # M L opens keypad deletion (LB-USER-11)', '- expect: {led: amber, within: 1.5s}', '- expect_not: {bolt: moving, for: 2s}', '- wait: 11s', '- expect: {led: off, bolt: extended}']
    else:
        st += [REJ + '   # an ordinary non-matching entry', '- expect_not: {bolt: moving, for: 2s}', '- expect: {bolt: extended}', OFF]
    st += ['- enter: "${master}"', '- expect_not: {bolt: moving, for: 6s}   # never matches; times out as a failure']
    write(f'master/master_never_operates_bolt_{p}.yaml', f'the master entered at the keypad never moves the bolt ({p})',
          ['LB-MASTER-8', 'LB-KEYPAD-5'], p, ['master', 'keypad'], st, setup=ready(p), vars=VARS(p))
    # default master / first master
    st = ['- call: factory_reset'] + (['- call: door_handing', '  with: {master: ""}'] if p == 'fourled' else [])
    if p in ('halo', 'generic'):
        st += ['- log: "no master: every operation but P N L and P 9 L is refused, not as a failure"']
        for i in range(3):
            st += ['- press: [program, "7", lock]', '- enter: "${user}"', '- press: lock', REJ, OFF,
                   '- press: [program, "3", lock]', REJ, OFF]
        st += ['- press: [program, "9", lock]', '- expect: {bolt: moving, within: 1.2s}'] + handing_ok()
        st += ['- press: program', '- enter: "${master}"', '- press: lock', '- expect: {beeps: 1, led: green, within: 300ms}   # the first code is the master', OFF,
               '- press: program', '- enter: "2468"', '- press: lock', REJ + '   # wrong master', OFF,
               '- press: program', '- enter: "${master}"', '- press: lock', ACC, '- press: program', '- enter: "2468"', '- press: lock', ACC, OFF,
               unlock('2468'), lock(), rejected_code('${master}')]
        reqs = ['LB-MASTER-1', 'LB-MASTER-4', 'LB-USER-1']
    elif p == 'contemporary275':
        st += ['- press: program', '- enter: "0000"', '- press: lock', ACC, '- press: program', '- enter: "${user}"', '- press: lock', ACC, OFF, unlock(), lock()]
        reqs = ['LB-MASTER-1', 'LB-USER-1']
    else:
        st += ['- press: program', '- enter: "${user}"', '- press: lock', ACC + '   # no master needed', OFF, unlock(), lock(),
               '- press: [program, "1", lock]', '- enter: "${newmaster}"', '- press: lock', ACC + '   # P 1 L N L sets the master', OFF,
               '- press: program', '- enter: "2468"', '- press: lock', REJ + '   # now a master is needed: wrong master', OFF,
               '- press: program', '- enter: "${newmaster}"', '- press: lock', ACC, '- press: program', '- enter: "7777"', '- press: lock', ACC, OFF, unlock('7777')]
        reqs = ['LB-MASTER-1', 'LB-MASTER-5', 'LB-USER-1']
    write(f'master/master_default_{p}.yaml', f'after a reset the master is default_master ({p})', reqs, p, ['master', 'reset'], flat(st), vars=VARS(p))
