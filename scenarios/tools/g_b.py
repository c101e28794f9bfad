from common import *
from g_a import NOM, same_buttons

def codes(n):
    d = '13579'; out = []
    i = 0
    while len(out) < n:
        a, b, c = i // 25, (i // 5) % 5, i % 5
        out.append('3' + d[a] + d[b] + d[c]); i += 1
    return out

def reset_no_master(p):
    return ['- call: factory_reset'] + (['- call: door_handing', '  with: {master: ""}'] if p == 'fourled' else [])

for p in ALL:
    pr = PROFILES[p]; N = pr['N']
    # ---------- USER
    if p != 'legacy2code':
        st = flat(add(p, '${user2}'), unlock('${user2}'), lock(),
                  '- log: "LB-PROG-4: the session closed with the ACCEPT; a second P C L needs M L P again"',
                  '- press: program', '- enter: "7777"', '- press: lock', REJ, OFF, rejected_code('7777'), unlock())
        write(f'user/user_add_{p}.yaml', f'P M L P C L stores a user code, which unlocks ({p})', ['LB-USER-1', 'LB-PROG-4'], p, ['user'], st,
              setup=ready(p), vars=VARS(p))
    # length
    st = flat(auth(p), '- enter: "123"', '- press: lock', REJ + '   # too short', OFF,
              auth(p), '- enter: "123456789"', '- expect: {beeps: 3, led: red, within: 1s}   # REJECT on the 9th digit', OFF,
              '- press: lock   # the session is closed: an idle Lock', '- expect: {beeps: 1, bolt: extended, within: 2s}', OFF,
              '- enter: "123"', '- press: lock', '- expect: {beeps: 1, within: 1s}   # 123 is no code: a short entry, discarded; Lock locks', OFF, unlock())
    write(f'user/user_length_{p}.yaml', f'codes outside code_min..code_max are refused ({p})', ['LB-USER-2', 'LB-PROG-3'], p, ['user'], st, setup=ready(p), vars=VARS(p))
    # duplicate and prefix
    if p == 'legacy2code':
        st = flat('- press: [program, program]', f'- enter: "{same_buttons("5791", p)}"', '- press: lock', REJ + '   # equal (as buttons) to the primary', OFF,
                  '- press: [program, program]', '- enter: "68921"', '- press: lock', REJ + '   # has the primary as prefix', OFF,
                  '- press: [program, program]', '- enter: "${user2}"', '- press: lock', ACC, OFF,
                  '- press: program', '- enter: "97531"', '- press: lock', REJ + '   # has the secondary as a prefix', OFF,
                  unlock(), lock(), unlock('${user2}'))
        reqs = ['LB-USER-3', 'LB-USER-4', 'LB-USER-9', 'LB-KEYPAD-1']
    else:
        ext = '68921' if pr['kp'] == 'paired5' else '57913'
        st = flat(auth(p), f'- enter: "{same_buttons("5791", p)}"', '- press: lock', REJ + '   # equal to a stored code (as buttons on paired5)', OFF,
                  auth(p), '- enter: "${master}"', '- press: lock', REJ + '   # equal to the master', OFF,
                  auth(p), f'- enter: "{ext}"', '- press: lock', REJ + '   # has a stored code as prefix', OFF,
                  auth(p), '- enter: "1357"', '- press: lock', REJ + '   # a prefix of the master 13579', OFF,
                  unlock(), lock(), rejected_code('1357'))
        if p == 'fourled':
            st += flat(auth(p), '- enter: "12345"', '- press: lock', REJ + '   # the factory code 1234 is its prefix', OFF)
        reqs = ['LB-USER-3', 'LB-USER-4', 'LB-USER-7']
        if p == 'contemporary275':
            st += flat('- log: "with the default master 0000, 00001 is refused"', '- call: factory_reset',
                       '- press: program', '- enter: "0000"', '- press: lock', ACC, '- press: program', '- enter: "00001"', '- press: lock', REJ, OFF)
    write(f'user/user_duplicate_prefix_{p}.yaml', f'a code equal to or prefix-related to a stored code or the master is refused ({p})',
          reqs, p, ['user'], st, setup=ready(p), vars=VARS(p))
    # capacity
    if p == 'legacy2code':
        st = flat('- press: [program, program]', '- enter: "${user2}"', '- press: lock', ACC + '   # secondary: both slots full', OFF,
                  '- press: [program, program, program]', REJ + '   # a third Program: no third slot (LB-PROG-6)', OFF,
                  unlock(), lock(), unlock('${user2}'), lock())
        write(f'user/user_capacity_{p}.yaml', 'legacy2code holds two codes, primary and secondary', ['LB-USER-5', 'LB-PROG-6'], p, ['user'], st, setup=ready(p), vars=VARS(p))
    else:
        have = 2 if p == 'fourled' else 1
        cs = codes(pr['cap'] - have + 1)
        st = []
        for c in cs[:-1]: st += add(p, c)
        st += ['- log: "the store is full"'] + add(p, cs[-1], result='rej')
        st += unlock() + lock() + unlock(cs[-2]) + lock() + rejected_code(cs[-1])
        st += ['- call: delete_user', f'  with: {{master: "${{master}}", code: "{cs[0]}"}}'] + rejected_code(cs[0]) + add(p, cs[-1]) + unlock(cs[-1]) + lock() + unlock(cs[1])
        write(f'user/user_capacity_{p}.yaml', f'with user_capacity {pr["cap"]} codes stored another is refused; a deletion frees a slot ({p})',
              ['LB-USER-5', 'LB-USER-6', 'LB-USER-7'] + (['LB-USER-8'] if p == 'fourled' else []), p, ['user', 'capacity'], st, setup=ready(p), vars=VARS(p))
    # delete
    if p != 'legacy2code':
        st = flat(add(p, '${user2}'), auth(p), '- press: ["7", lock]', '- expect_not: {beeps: ">=1", for: 600ms}   # P 7 L: no signal',
                  '- expect: {led: amber}   # the session is still open', '- enter: "${user}"', '- press: lock', ACC, OFF,
                  rejected_code('${user}'), unlock('${user2}'), lock(),
                  auth(p), '- press: ["7", lock]', '- enter: "7777"', '- press: lock', REJ + '   # not stored', OFF,
                  auth(p), '- press: ["7", lock]', '- enter: "${user}"', '- press: lock', REJ + '   # already deleted', OFF,
                  add(p, '${user}'), unlock(), lock(), unlock('${user2}'))
        if p in NOM:
            st += flat('- log: "without a master: P 7 L C L"', reset_no_master(p), '- press: program', '- enter: "${user}"', '- press: lock', ACC, OFF,
                       '- press: [program, "7", lock]', '- enter: "${user}"', '- press: lock', ACC, OFF, rejected_code('${user}'))
        write(f'user/user_delete_{p}.yaml', f'P M L P 7 L C L deletes only C ({p})', ['LB-USER-6', 'LB-USER-7'], p, ['user'], st, setup=ready(p), vars=VARS(p))
    # ten refused adds: no lockout
    if p == 'legacy2code':
        ref = ['- press: [program, program]', '- enter: "${user}"', '- press: lock', REJ, OFF]
    elif p in NOM:
        ref = ['- press: program', '- enter: "${user}"', '- press: lock', REJ, OFF]
    else:
        ref = auth(p) + ['- enter: "${user}"', '- press: lock', REJ, OFF]
    st = []
    if p in NOM:
        st += reset_no_master(p) + ['- press: program', '- enter: "${user}"', '- press: lock', ACC, OFF]
    for i in range(10): st += ref
    st += unlock()
    write(f'user/user_refusals_are_not_failures_{p}.yaml', f'ten refused additions in a row cause no lockout ({p})', ['LB-USER-7', 'LB-LOCKOUT-2'], p, ['user', 'lockout'],
          flat(st), setup=ready(p), vars=VARS(p))

# legacy slots
p = 'legacy2code'
st = flat('- call: factory_reset', '- press: program', '- enter: "1357"', '- press: lock', ACC, OFF,
          '- press: [program, program]', '- enter: "5791"', '- press: lock', ACC, OFF,
          '- press: program', '- enter: "3579"', '- press: lock', ACC + '   # replaces the primary', OFF,
          rejected_code('1357'), unlock('5791'), lock(), unlock('3579'), lock(),
          '- log: "LB-USER-10: P P L clears the secondary"', '- press: [program, program, lock]', ACC, OFF,
          rejected_code('5791'), unlock('3579'), lock(),
          '- press: [program, program, lock]', REJ + '   # the secondary is empty', OFF,
          '- press: [program, lock]', REJ + '   # the primary cannot be cleared', OFF, unlock('3579'))
write('user/user_slots_legacy2code.yaml', 'legacy2code: primary and secondary slots, replaced and cleared', ['LB-USER-9', 'LB-USER-10', 'LB-PROG-6', 'LB-MASTER-10'], p, ['user'], st)
# fourled factory code
p = 'fourled'
st = flat('- call: factory_reset', '- call: door_handing', '  with: {master: ""}', unlock('1234'), lock(),
          '- press: [program, "7", lock]', '- enter: "1234"', '- press: lock', ACC + '   # deleted like any other code', OFF, rejected_code('1234'))
write('user/user_factory_code_fourled.yaml', 'fourled holds user code 1234 after a reset; it can be deleted', ['LB-USER-8', 'LB-USER-6'], p, ['user', 'reset'], st)
# pb250 keypad deletion
p = 'powerbolt250'
st = flat(add(p, '${user2}'), lock(), '- wait: 1s',
          '- enter: "${master}"', '- press: lock', ACC + '   # M L: keypad deletion, no Program', '- expect: {led: amber, within: 1.5s}',
          '- enter: "${user2}"', '- press: lock', ACC + '   # deleted', OFF, '- expect: {bolt: extended}',
          rejected_code('${user2}'), unlock(), lock(),
          '- enter: "${master}"', '- press: lock', ACC, '- enter: "7777"', '- press: lock', REJ + '   # not stored', OFF,
          '- log: "M L clears the failure count"')
st += fail(4) + ['- enter: "${master}"', '- press: lock', ACC, '- wait: 11s   # session_timeout closes it silently', '- expect: {led: off}'] + fail(4) + unlock()
st += ['- log: "a wrong M L is an ordinary failure"'] + lock() + fail(4) + ['- enter: "13571"', '- press: lock', REJ + '   # the 5th failure', OFF,
       '- enter: "${user}"', '- expect_not: {beeps: ">=1", for: 3s}   # locked out']
write('user/user_keypad_deletion_powerbolt250.yaml', 'powerbolt250 deletes a code from the keypad with M L C L', ['LB-USER-11', 'LB-LOCKOUT-2', 'LB-LOCKOUT-3', 'LB-PROG-2'], p,
      ['user', 'keypad'], st, setup=ready(p), vars=VARS(p))
# paired keypad
for p in ['smartcode', 'legacy2code', 'halo']:
    st = flat('- call: factory_reset', '- press: program', '- enter: "1357"', '- press: lock', ACC, OFF)
    if PROFILES[p]['kp'] == 'paired5':
        st += unlock('2468') + lock() + unlock('1357') + lock() + unlock('1368') + lock()
        if p == 'smartcode':
            st += ['- press: [program, "2", lock]   # P 2 L is P 1 L: set master', '- enter: "${newmaster}"', '- press: lock', ACC, OFF,
                   '- press: program', '- enter: "${newmaster}"', '- press: lock', ACC, '- wait: 11s']
    else:
        st += ['- press: program', '- enter: "1357"', '- press: lock', ACC, '- press: program', '- enter: "2468"', '- press: lock', ACC, OFF] if False else []
        st = flat('- call: factory_reset', '- call: set_master', '  with: {code: "${master}"}', '- call: add_user', '  with: {master: "${master}", code: "1357"}',
                  unlock('1357'), lock(), rejected_code('2468'))
    write(f'keypad/keypad_layout_{p}.yaml', f'codes are compared as buttons on paired5, as digits on ten keys ({p})', ['LB-KEYPAD-1'], p, ['keypad'], st, vars=VARS(p, master='97531'))
