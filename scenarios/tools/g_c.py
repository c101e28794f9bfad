from common import *
from g_a import NOM
def reset_no_master(p):
    return ['- call: factory_reset'] + (['- call: door_handing', '  with: {master: ""}'] if p == 'fourled' else [])

for p in ALL:
    pr = PROFILES[p]; N = pr['N']; T = pr['T']
    # ---------- PROG session basics (LB-PROG-1, -3, -4, -5, LB-LOCK-4)
    st = flat(lock(), '- wait: 1s',
              '- press: program', '- measure: {name: session_shown, until: {led: amber}, within: 500ms, max: 200ms}',
              '- press: lock', REJ + '   # empty entry: REJECT, session closed', '- expect_not: {bolt: moving, for: 2s}', '- expect: {bolt: extended}', OFF,
              '- log: "a partial idle entry is discarded by Program"', '- enter: "57"', '- press: program', '- press: lock', REJ, '- enter: "91"',
              '- expect_not: {bolt: moving, for: 2s}   # 57 + 91 would be the user code',
              '- wait: 4s', '- expect: {led: off}',
              '- log: "LB-PROG-5: session_timeout closes silently"',
              '- press: program', '- enter: "1357"',
              '- measure: {name: session_timeout, until: {led: off}, within: 11s, min: 9.95s, max: 10.25s}',
              '- expect_not: {beeps: ">=1", for: 2s}',
              unlock(), '- press: lock', '- expect: {bolt: extended, within: 2s}', OFF,
              '- log: "LB-PROG-4: keys pressed while the final ACCEPT plays are idle keys"', unlock(),
              auth(p), '- enter: "7777"', '- press: lock', '- expect: {beeps: 1, within: 300ms}',
              '- press: lock', '- expect: {bolt: extended, within: 2.5s}   # an idle Lock, though the ACCEPT still played',
              OFF, '- wait: 1.5s', unlock('7777'))
    write(f'prog/prog_session_{p}.yaml', f'a programming session opens with Program, ends with its operation or times out ({p})',
          ['LB-PROG-1', 'LB-PROG-3', 'LB-PROG-4', 'LB-PROG-5', 'LB-LOCK-4', 'LB-KEYPAD-7'], p, ['prog'], st, setup=ready(p), vars=VARS(p))
    # ---------- PROG-6 extra program presses
    if p == 'legacy2code':
        pass  # in user_slots_legacy2code
    else:
        st = flat('- press: [program, program]', '- enter: "${master}"', '- press: lock', ACC + '   # a second P before any digit is ignored',
                  '- press: [program, program]', '- enter: "7777"', '- press: lock', ACC, OFF, unlock('7777'), lock(),
                  auth(p), '- enter: "33"', '- press: program', REJ + '   # Program after digits: REJECT, session closed', OFF,
                  '- press: lock', '- expect: {beeps: 1, within: 1s}   # idle again', OFF, unlock())
        if p in NOM:
            st += flat(reset_no_master(p), '- press: [program, program]', '- enter: "7777"', '- press: lock', ACC + '   # P P C L adds C', OFF, unlock('7777'))
        write(f'prog/prog_extra_program_{p}.yaml', f'extra Program presses before a step are ignored, after digits refused ({p})', ['LB-PROG-6'], p, ['prog'], st,
              setup=ready(p), vars=VARS(p))
    # ---------- PROG-7 unoffered commands
    bad = ['0'] if p != 'generic' and pr['kp'] == 'ten' else []   # on paired5 0 is the 9 button
    if not pr['auto']: bad += ['3', '5']
    if p == 'fourled': bad += ['9']
    if pr['kp'] == 'ten': bad += ['2', '4', '8']
    st = []
    for b in bad:
        st += auth(p) + [f'- press: ["{b}", lock]', REJ + f'   # command {b} is not offered', '- expect_not: {bolt: moving, for: 1.5s}', OFF]
    st += unlock() + lock() + ['- expect_not: {bolt: moving, for: 35s}   # nothing was enabled']
    write(f'prog/prog_unoffered_commands_{p}.yaml', f'commands the profile does not offer give REJECT ({p})', ['LB-PROG-7', 'LB-AUTOLOCK-1'], p, ['prog'], flat(st),
          setup=ready(p), vars=VARS(p))
    # ---------- PROG-8 / KEYPAD-9 busy
    st = flat(lock(), '- wait: 1s', '- enter: "${user}"', '- press: program   # while the bolt moves', '- expect_not: {led: amber, for: 2s}   # no session',
              '- expect: {bolt: retracted}', OFF,
              '- wait: 1s', '- press: lock', '- enter: "${user}"   # its first digit lands while the bolt moves: ignored',
              '- expect_not: {beeps: ">=1", for: 6s}   # 3 digits left: too short, discarded silently', '- expect: {bolt: extended}',
              '- log: "a code entered during a REJECT unlocks"', '- enter: "${wrong}"', '- press: lock', '- enter: "${user}"',
              '- expect: {bolt: retracted, within: 2s}', OFF)
    write(f'prog/prog_busy_keys_ignored_{p}.yaml', f'keys and Program pressed while the bolt moves are ignored ({p})', ['LB-PROG-8', 'LB-KEYPAD-9'], p,
          ['prog', 'keypad'], st, setup=ready(p), vars=VARS(p))

    # ---------- UNLOCK / LOCK
    st = flat(lock(), '- wait: 1s', '- enter: "${user}"',
              '- expect: {beeps: 1, led: green, bolt: moving, within: 400ms}',
              '- enter: "${user}"' if False else [],
              '- wait: 2s',
              '- press: lock', '- wait: 2s', '- enter: "${user}"',
              '- measure: {name: unlock, until: {bolt: retracted}, within: 3s, max: 1.5s}', OFF,
              '- enter: "${user}"', '- expect: {beeps: 1, led: green, within: 400ms}   # already retracted: ACCEPT', '- expect_not: {bolt: moving, for: 2s}',
              '- press: lock', '- expect: {beeps: 1, led: green, bolt: moving, within: 400ms}', '- wait: 2s',
              '- press: lock', '- expect: {beeps: 1, within: 400ms}', '- expect_not: {bolt: moving, for: 2s}   # already extended', OFF,
              '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}', OFF,
              '- press: lock', '- measure: {name: lock, until: {bolt: extended}, within: 3s, max: 1.5s}', OFF,
              '- log: "LB-AUTOLOCK-6: auto-lock off or absent: the bolt stays retracted"', '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}',
              '- expect_not: {bolt: moving, for: 60s}')
    write(f'unlock/unlock_and_lock_{p}.yaml', f'a user code retracts and Lock extends the bolt in time ({p})',
          ['LB-UNLOCK-1', 'LB-UNLOCK-2', 'LB-UNLOCK-3', 'LB-LOCK-1', 'LB-LOCK-2', 'LB-AUTOLOCK-6', 'LB-KEYPAD-5'], p, ['unlock', 'lock'], st, setup=ready(p), vars=VARS(p))
    # ---------- refused match (UNLOCK-4, LOCK-3, HANDING-1, -7, -9)
    jam_cycle = (['- press: {key: program, for: 3.2s}'] if p == 'fourled' else
                 (['- press: [program, "9", lock]'] if p == 'legacy2code' else auth(p) + ['- press: ["9", lock]']))
    st = flat('- sim: {jam: true}', jam_cycle,
              '- expect: {beeps: 4, led: {color: amber, blinks: ">=3"}, within: 8s}   # JAM during the cycle (its first amber joins SESSION amber on camera)', '- expect: {bolt: retracted, within: 2s}', OFF,
              '- sim: {jam: false}', fail(N - 1),
              '- enter: "${user}"', '- expect: {beeps: 2, led: {color: amber, blinks: 2}, within: 1.5s}   # HANDING_REQUIRED: handing no longer learned',
              '- expect_not: {bolt: moving, for: 1s}', OFF, fail(N - 1),
              '- press: lock', '- expect: {beeps: 2, led: {color: amber, blinks: 2}, within: 1.5s}', '- expect_not: {bolt: moving, for: 1s}', OFF,
              '- enter: "${user}"', '- expect: {beeps: 2, within: 1.5s}   # not locked out: the refused match cleared the count', OFF,
              '- log: "LB-HANDING-9: sessions work without handing"',
              (add(p, '7777') if p != 'legacy2code' else ['- press: [program, program]', '- enter: "7777"', '- press: lock', ACC, OFF]),
              (['- call: door_handing', '  with: {master: "${master}"}']), unlock('7777'), lock(),
              '- sim: {battery_volts: 4.3}', '- enter: "${user}"', '- expect: {beeps: 5, led: {color: red, blinks: 5}, within: 4s}   # CRITICAL_BATTERY',
              '- expect: {bolt: extended}', OFF, '- press: lock', '- expect: {beeps: 5, led: {color: red, blinks: 5}, within: 4s}', OFF,
              '- sim: {battery_volts: 6.4}', unlock())
    write(f'unlock/unlock_refused_{p}.yaml', f'a match that cannot move the bolt gives HANDING_REQUIRED or CRITICAL_BATTERY and is no failure ({p})',
          ['LB-UNLOCK-4', 'LB-LOCK-3', 'LB-HANDING-1', 'LB-HANDING-7', 'LB-HANDING-9', 'LB-BATTERY-3', 'LB-LOCKOUT-3'], p, ['unlock', 'handing', 'battery'], st,
          setup=ready(p), vars=VARS(p), requires=['sim'])

    # ---------- LOCKOUT threshold (LB-LOCKOUT-1, -4, -5)
    st = flat(lock(), '- wait: 1s', fail(N - 1), '- enter: "${wrong}"', '- press: lock',
              '- expect: {beeps: 3, led: red, within: 1s}   # the N-th failure still gives its REJECT', OFF,
              '- enter: "${user}"', '- expect_not: {beeps: ">=1", for: 3s}   # locked out: silent', '- expect: {quiet: true, bolt: extended}',
              '- press: program', '- expect_not: {led: amber, for: 2s}   # no session in lockout (LB-PROG-8)',
              '- power: off', '- wait: 500ms', '- power: on', '- wait: 1.5s   # LB-LOCKOUT-6: a power-up ends the lockout')
    st += unlock() + lock()
    thr = ['- threshold:', '    var: w', f'    low: {fmt_s(T - 3)}', f'    high: {fmt_s(T + 2)}', '    resolution: 10ms',
           f'    min: {fmt_s(T - 0.4 - T*0.001 - 0.01)}', f'    max: {fmt_s(T - 0.4 + T*0.001 + 0.01)}', '    steps:']
    trial = ['- power: off', '- wait: 300ms', '- power: on', '- wait: 1.5s'] + \
            [f'- enter: "{W}"', '- press: lock', '- wait: 1.5s'] * (N - 1) + [f'- enter: "{W}"', '- press: lock   # t_f: the N-th failure',
            '- wait: ${w}', '- press: lock   # its press edge is t_f + 400 ms + w', '- expect: {beeps: 1, bolt: extended, within: 1.5s}', OFF]
    st += thr + ['      ' + s for s in trial]
    write(f'lockout/lockout_{p}.yaml', f'{N} failures lock the keypad out silently for {T} s ({p})',
          ['LB-LOCKOUT-1', 'LB-LOCKOUT-4', 'LB-LOCKOUT-5', 'LB-LOCKOUT-6', 'LB-PROG-8', 'LB-POWER-5'], p, ['lockout', 'timing'], st, setup=ready(p), vars=VARS(p),
          header=f"""The threshold finds the wait after the N-th failure's Lock step at which a
Lock press is first processed: its press edge is t_f + 400 ms + w, so w is
lockout_time {T} s - 400 ms, within the tolerance +/- {T*0.001:g} s plus a step.""")
    # ---------- LOCKOUT count (LB-LOCKOUT-2, -3)
    st = flat(fail(N - 1), '- wait: 1h   # the count does not decay', '- enter: "${wrong}"', '- press: lock', REJ, OFF,
              '- enter: "${user}"', '- expect_not: {beeps: ">=1", for: 3s}   # locked out', power_cycle(),
              '- log: "a match clears the count"', fail(N - 1), unlock(), lock(), fail(N - 1), unlock(), lock(),
              '- log: "a power-up clears the count"', fail(N - 1), power_cycle(), fail(N - 1), unlock(), lock(),
              '- log: "discarded short entries are no failures"')
    for i in range(N + 1): st += ['- enter: "12"', '- wait: 5.5s']
    st += unlock() + lock()
    if p != 'legacy2code':
        st += ['- log: "a correct master clears the count; a wrong master is a failure"'] + fail(N - 1) + \
              ['- press: program', '- enter: "${master}"', '- press: lock', ACC, '- wait: 11s'] + fail(N - 1) + unlock() + lock() + \
              fail(N - 1) + ['- press: program', '- enter: "${wrong}"', '- press: lock', REJ + '   # wrong master: the N-th failure', OFF,
                             '- enter: "${user}"', '- expect_not: {beeps: ">=1", for: 3s}   # locked out']
    write(f'lockout/lockout_count_{p}.yaml', f'what counts as a failure, and what clears the count ({p})', ['LB-LOCKOUT-2', 'LB-LOCKOUT-3', 'LB-LOCKOUT-6'], p,
          ['lockout'], flat(st), setup=ready(p), vars=VARS(p))
    # ---------- LOCKOUT-7 autolock & jam during lockout
    if pr['auto']:
        en = (['- press: [program, "3", lock]', ACC, OFF] if p == 'legacy2code' else auth(p) + ['- press: ["3", lock]', ACC, OFF])
        st = flat(en, '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}', fail(N),
                  '- expect_not: {beeps: ">=1", for: 1s}',
                  '- expect: {bolt: moving, within: 25s}   # the auto-lock runs in lockout', '- expect: {bolt: extended, within: 2s}',
                  '- expect: {quiet: true}', '- expect_not: {beeps: ">=1", for: 3s}   # without any signal',
                  power_cycle(), '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}', '- sim: {jam: true}', fail(N),
                  '- expect: {bolt: moving, within: 25s}', '- expect: {bolt: retracted, within: 4s}   # jammed, driven back',
                  '- expect_not: {beeps: ">=1", for: 3s}   # no JAM signal in lockout', '- sim: {jam: false}')
        write(f'lockout/lockout_autolock_{p}.yaml', f'in lockout a pending auto-lock runs, and a jam is handled, silently ({p})', ['LB-LOCKOUT-7'], p,
              ['lockout', 'autolock'], st, setup=ready(p), vars=VARS(p), requires=['sim'])

# ---------- fourled escalation
p = 'fourled'
st = flat(lock(), '- wait: 1s', fail(3), '- wait: 1805s   # the first lockout (1800 s) is over', fail(2), '- enter: "${wrong}"', '- press: lock', REJ + '   # 3 more failures, no match between',
          '- wait: 1805s', '- press: lock', '- expect_not: {beeps: ">=1", for: 2s}   # at 30 min + 5 s still locked out',
          '- wait: 84700s', '- enter: "${user}"', '- expect: {beeps: 1, bolt: retracted, within: 2s}   # after 24 h + 90 s it unlocks')
write('lockout/lockout_escalation_fourled.yaml', 'fourled: a second lockout without a match lasts 24 h', ['LB-LOCKOUT-8'], p, ['lockout', 'timing'], st,
      setup=ready(p), vars=VARS(p))
p = 'generic'
st = flat(auth(p), '- press: ["0", lock]', '- expect: {led: {color: amber, blinks: ">=1"}, within: 2s}   # PROMPT',
          '- enter: "${wrong}"', '- press: lock', REJ + '   # a wrong confirmation: a failure', OFF, fail(3), '- enter: "${wrong}"', '- press: lock', REJ + '   # the 5th failure', OFF,
          '- enter: "${user}"', '- expect_not: {beeps: ">=1", for: 3s}')
write('lockout/lockout_keypad_reset_failure_generic.yaml', 'generic: a wrong keypad-reset confirmation counts as a failure', ['LB-LOCKOUT-2', 'LB-RESET-11'], p, ['lockout', 'reset'], st,
      setup=ready(p), vars=VARS(p))
