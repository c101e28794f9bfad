from common import *
from g_a import NOM
def auth_or_p(p):
    return ['- press: program'] if p == 'legacy2code' else auth(p)
for p in ALL:
    pr = PROFILES[p]; N = pr['N']
    boot = ['- expect: {beeps: 1, led: red, within: 500ms}   # BOOT starts within 300 ms of power-on', '- expect: {led: green, within: 400ms}', '- expect: {led: amber, within: 400ms}']
    if p == 'halo': boot += ['- expect: {led: blue, within: 400ms}   # halo: then blue']
    # ---------- HANDING auto / new board (HANDING-2, -3, STORE-6, POWER-1, SIG-1)
    if p != 'fourled':
        st = flat(boot, '- expect_not: {beeps: ">=1", for: 1.2s}   # no STORE_FAULT on a blank store', '- expect: {led: off}',
                  '- measure: {name: cycle_first_motion, until: {bolt: moving}, within: 3s, max: 1.7s}   # cycle 1.0 s after BOOT, motion within 600 ms',
                  '- expect: {bolt: extended, within: 3s}', '- measure: {name: dwell, until: {bolt: moving}, within: 2s, min: 400ms, max: 600ms}',
                  '- expect: {bolt: retracted, within: 3s}', '- measure: {name: handing_ok_start, until: {beeps: 1}, within: 1s, max: 330ms}',
                  '- expect: {beeps: 1, led: {color: green, blinks: ">=1"}, within: 1.5s}   # the second beep of HANDING_OK', OFF,
                  (['- press: lock', '- expect: {beeps: 1, bolt: extended, within: 2s}   # handing learned', OFF] if p != 'legacy2code' else
                   ['- wait: 1.5s', '- press: lock', REJ + '   # no code stored yet (LB-LOCK-5)', '- expect_not: {bolt: moving, for: 2s}', OFF]))
        write(f'handing/handing_automatic_new_board_{p}.yaml', f'a new board boots and runs its automatic handing cycle ({p})',
              ['LB-HANDING-2', 'LB-HANDING-3', 'LB-STORE-6', 'LB-POWER-1', 'LB-POWER-4', 'LB-SIG-1', 'LB-SIG-5'], p, ['handing', 'power'], st)
    else:
        st = flat(boot, '- expect_not: {beeps: ">=1", for: 1.2s}   # no STORE_FAULT', '- expect_not: {bolt: moving, for: 10s}   # fourled never hands by itself',
                  '- press: lock', '- expect: {beeps: 2, leds: [amber, amber, amber, amber], within: 1s}   # HANDING_REQUIRED', '- expect: {bolt: retracted}',
                  '- press: {key: program, for: 2.9s}', '- expect: {led: amber}   # an ordinary Program press: SESSION', '- expect_not: {bolt: moving, for: 2s}',
                  '- wait: 9s', '- expect: {led: off}',
                  '- press: {key: program, for: 3.2s}', '- expect: {bolt: extended, within: 6s}', '- measure: {name: dwell, until: {bolt: moving}, within: 2s, min: 400ms, max: 600ms}',
                  '- expect: {bolt: retracted, within: 3s}', '- expect: {leds: [green, green, green, green], within: 1.5s}   # HANDING_OK', OFF,
                  '- press: lock', '- expect: {beeps: 1, bolt: extended, within: 2s}', OFF)
        write(f'handing/handing_by_hand_{p}.yaml', 'fourled: no automatic cycle; Program held 3 s hands the door', ['LB-HANDING-1', 'LB-HANDING-3', 'LB-HANDING-6', 'LB-STORE-6', 'LB-POWER-1', 'LB-SIG-4'],
              p, ['handing'], st)
    # ---------- manual handing + both doors (HANDING-4, -5)
    if p == 'fourled':
        cyc = ['- press: {key: program, for: 3.2s}']
    elif p == 'legacy2code':
        cyc = ['- press: [program, "9", lock]']
    else:
        cyc = auth(p) + ['- press: ["9", lock]']
    st = flat(cyc, ('- measure: {name: manual_cycle_motion, until: {bolt: moving}, within: 5s, max: 4.15s}   # 3.0 s hold + 500 ms + 600 ms' if p == 'fourled' else '- measure: {name: manual_cycle_motion, until: {bolt: moving}, within: 2s, max: 1.1s}'), handing_ok(), unlock(), lock(), unlock(),
              '- sim: {door: left}', cyc, '- expect: {bolt: moving, within: 5s}', handing_ok(),
              '- press: lock', '- expect: {beeps: 1, bolt: extended, within: 2s}', '- expect_not: {led: amber, for: 3s}   # no JAM',
              unlock(), '- expect_not: {led: amber, for: 3s}', '- sim: {door: right}', cyc, '- expect: {bolt: moving, within: 5s}', handing_ok(), lock(), unlock())
    if p in ('smartcode', 'powerbolt250'):
        st += flat('- call: factory_reset', '- press: [program, "9", lock]   # no master', '- expect: {bolt: moving, within: 1.2s}', handing_ok())
    write(f'handing/handing_manual_doors_{p}.yaml', f'handing by command works on a left- and a right-handed door ({p})',
          ['LB-HANDING-4', 'LB-HANDING-5' if p != 'fourled' else 'LB-HANDING-6', 'LB-PROG-2'], p, ['handing'], st, setup=ready(p), vars=VARS(p), requires=['sim'])
    # ---------- HANDING-8 power cut during cycle
    if p != 'fourled':
        st = flat('- expect: {bolt: moving, within: 3s}', '- power: off', '- wait: 500ms', '- power: on', '- expect: {beeps: 1, within: 500ms}',
                  '- expect: {bolt: moving, within: 3s}   # the cycle runs again', handing_ok(), '- call: add_user_no_master' if False else [])
    else:
        st = flat('- wait: 2s', '- press: {key: program, for: 3.2s}', '- expect: {bolt: moving, within: 5s}', '- power: off', '- wait: 500ms', '- power: on',
                  '- expect: {beeps: 1, within: 500ms}', '- expect_not: {bolt: moving, for: 5s}', '- press: lock',
                  '- expect: {beeps: 2, led: {color: amber, blinks: 2}, within: 1.5s}   # HANDING_REQUIRED')
    write(f'handing/handing_power_cut_{p}.yaml', f'a power cut during a handing cycle leaves handing not learned ({p})', ['LB-HANDING-8', 'LB-HANDING-1'], p, ['handing', 'power'], st)
    # ---------- HANDING-7 jam in reset's cycle
    if p != 'fourled':
        rs = {'power': ['- power: off', '- hold: program', '- wait: 200ms', '- power: on', f'- wait: 30.5s', '- release: program'],
              'generic': ['- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 10.5s', '- release: program']}[pr['reset']]
        st = flat('- sim: {jam: true}', rs, '- expect: {beep: long, within: 1.5s}', '- expect: {bolt: stalled, within: 4s}',
                  '- expect: {beeps: 4, led: {color: amber, blinks: 4}, within: 5s}   # JAM, no HANDING_OK', '- expect: {bolt: retracted}', '- sim: {jam: false}', OFF,
                  (['- press: program', '- enter: "7777"', '- press: lock', ACC, OFF] if p == 'legacy2code' else []),
                  '- press: lock', '- expect: {beeps: 2, led: {color: amber, blinks: 2}, within: 1.5s}   # HANDING_REQUIRED')
        write(f'handing/handing_jam_after_reset_{p}.yaml', f'a jam during the post-reset handing cycle leaves handing not learned ({p})', ['LB-HANDING-7', 'LB-JAM-2'], p,
              ['handing', 'jam'], st, setup=ready(p), vars=VARS(p), requires=['sim'])

    # ---------- AUTOLOCK
    if pr['auto']:
        on = (['- press: [program, "3", lock]'] if p == 'legacy2code' else auth(p) + ['- press: ["3", lock]']) + [ACC + '   # auto-lock on', OFF]
        off = (['- press: [program, "5", lock]'] if p == 'legacy2code' else auth(p) + ['- press: ["5", lock]']) + [ACC + '   # auto-lock off', OFF]
        st = flat(on, power_cycle(), '- enter: "${user}"', '- expect: {beeps: 1, within: 300ms}', '- expect: {bolt: retracted, within: 2s}',
                  '- expect_not: {bolt: moving, for: 29.2s}   # (this step starts up to 0.4 s after the retraction was seen)', '- expect: {bolt: moving, within: 1.4s}   # 30 s after the retraction',
                  '- expect_not: {beeps: ">=1", for: 3s}   # silent motion', '- expect: {bolt: extended}',
                  '- log: "already retracted: the delay runs from the ACCEPT"', unlock(), '- wait: 1s', '- enter: "${user}"',
                  '- measure: {name: autolock_from_accept, until: {bolt: moving}, within: 32s, min: 29.95s, max: 30.25s}   # from the last press edge: ACCEPT <= 150 ms, then 30.0 s', '- expect: {bolt: extended, within: 2s}',
                  '- wait: 1s', off, unlock(), '- expect_not: {bolt: moving, for: 60s}')
        write(f'autolock/autolock_{p}.yaml', f'auto-lock extends the bolt 30 s after an unlock, silently; the setting persists ({p})',
              ['LB-AUTOLOCK-1', 'LB-AUTOLOCK-2', 'LB-AUTOLOCK-5', 'LB-AUTOLOCK-6', 'LB-STORE-1'], p, ['autolock'], st, setup=ready(p), vars=VARS(p))
        st = flat(on, unlock(), '- wait: 8s', '- press: lock', '- expect: {bolt: extended, within: 2s}', '- wait: 3s', '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}',
                  '- expect_not: {bolt: moving, for: 29.5s}   # none at 30 s after the first unlock', '- expect: {bolt: moving, within: 1s}   # 30 s after the second', '- expect: {bolt: extended, within: 2s}',
                  '- log: "a power cut cancels it"', unlock(), '- wait: 18s', power_cycle(), '- expect_not: {bolt: moving, for: 20s}',
                  '- log: "an open session delays it until the session closes"', '- wait: 1s', '- enter: "${user}"', '- expect: {bolt: retracted, within: 2s}' if False else [],
                  '- wait: 24s', '- press: program', '- expect_not: {bolt: moving, for: 9.9s}',
                  '- expect: {bolt: moving, within: 800ms}   # within 500 ms after the session timed out', '- expect: {bolt: extended, within: 2s}',
                  '- log: "bolt already extended: nothing"', unlock(), '- wait: 5s', lock(), '- expect_not: {bolt: moving, for: 35s}')
        write(f'autolock/autolock_cancel_and_delay_{p}.yaml', f'Lock, a power cut and a session cancel or delay the auto-lock ({p})',
              ['LB-AUTOLOCK-3', 'LB-AUTOLOCK-4', 'LB-LOCK-4'], p, ['autolock'], st, setup=ready(p), vars=VARS(p))

    # ---------- BATTERY
    low = 4.9 if p == 'halo' else 4.7
    st = flat(f'- sim: {{battery_volts: {low}}}', '- enter: "${user}"' if False else [], lock(), '- wait: 3s', '- enter: "${user}"', '- expect: {beeps: 1, led: green, within: 300ms}',
              '- expect: {bolt: retracted, within: 2s}', '- expect: {led: off, within: 1.5s}   # ACCEPT ended',
              '- measure: {name: low_battery_gap, until: {beeps: 1}, within: 1s, min: 250ms, max: 400ms}',
              f'- expect: {{beeps: 2, led: {{color: red, blinks: ">=2"}}, within: 2s}}   # the rest of LOW_BATTERY (v_warn {pr["vwarn"]} V)', OFF,
              '- expect_not: {beeps: ">=1", for: 60s}   # no periodic warning', '- press: lock', '- expect: {beeps: 4, led: {color: red, blinks: 3}, bolt: extended, within: 3.5s}   # ACCEPT + LOW_BATTERY', OFF,
              '- power: off', '- wait: 500ms', '- power: on', '- expect: {beeps: 4, led: {color: red, blinks: 3}, within: 3s}   # BOOT, then LOW_BATTERY',
              '- sim: {battery_volts: 4.9}' if p != 'halo' else '- sim: {battery_volts: 5.1}', '- wait: 3s', '- enter: "${user}"', '- expect: {beeps: 1, bolt: retracted, within: 2s}', '- expect_not: {led: red, for: 3s}   # not below v_warn')
    write(f'battery/battery_low_{p}.yaml', f'below v_warn the lock works, then warns ({p})', ['LB-BATTERY-2', 'LB-BATTERY-1', 'LB-POWER-4', 'LB-SIG-2'], p, ['battery'], st,
          setup=ready(p), vars=VARS(p), requires=['sim'])
    st = flat(lock(), '- sim: {battery_volts: 4.3}', '- enter: "${user}"', '- expect: {beeps: 5, led: {color: red, blinks: 5}, within: 4s}', '- expect: {bolt: extended}', OFF,
              auth_or_p(p), '- enter: "7777"', '- press: lock', '- expect: {beeps: 5, led: {color: red, blinks: 5}, within: 4s}   # CRITICAL_BATTERY: not stored', OFF,
              '- sim: {battery_volts: 4.46}', '- wait: 1s', '- enter: "${user}"', '- expect: {beeps: 1, bolt: retracted, within: 2s}   # above v_crit: works', '- wait: 3s',
              '- sim: {battery_volts: 6.0}', '- wait: 1s', lock(), rejected_code('7777'), unlock())
    write(f'battery/battery_critical_{p}.yaml', f'below v_crit no motion and no store write ({p})', ['LB-BATTERY-3', 'LB-BATTERY-4', 'LB-BATTERY-1'], p, ['battery'], st,
          setup=ready(p), vars=VARS(p), requires=['sim'])
    st = flat('- power: off', '- wait: 1s', '- sim: {battery_volts: 6.4}', '- power: on', '- expect: {beeps: 1, within: 500ms}   # BOOT only',
              '- expect_not: {beeps: ">=1", for: 3s}', unlock(), lock(),
              '- power: off', '- wait: 200ms', '- power: on', '- expect: {beeps: 1, led: red, within: 500ms}   # 200 ms off: a complete boot', '- wait: 1.5s', unlock(), lock(),
              '- power: off', '- wait: 30ms', '- power: on', '- wait: 2s', unlock(), lock(),
              '- log: "LB-STORE-1: persistent state survives power cycles"',
              '- repeat:', '    times: 5', '    steps:', '      - power: off', '      - wait: 300ms', '      - power: on', '      - expect: {beeps: 1, within: 500ms}',
              '      - expect_not: {bolt: moving, for: 2s}   # handing still learned: no cycle',
              unlock(), lock(), ('- press: program' if p == 'legacy2code' else auth(p)[:4]), '- wait: 11s' if p != 'legacy2code' else '- wait: 11s')
    write(f'power/power_battery_change_{p}.yaml', f'a battery change or short interruption keeps all persistent state ({p})', ['LB-BATTERY-7', 'LB-POWER-6', 'LB-STORE-1', 'LB-POWER-3'], p,
          ['power', 'battery'], st, setup=ready(p), vars=VARS(p), requires=['sim'])
    # ---------- POWER boot keys, volatile state, no motion at boot
    st = flat('- power: off', '- hold: "5"', '- wait: 200ms', '- power: on', '- expect: {beeps: 1, within: 500ms}', '- wait: 1.5s', '- release: "5"', '- enter: "791"',
              '- expect_not: {bolt: moving, for: 6s}   # the held 5 was ignored', '- power: off', '- wait: 200ms', '- power: on', '- wait: 500ms', '- enter: "${user}"',
              '- expect_not: {bolt: moving, for: 6s}   # keys before 1.0 s are ignored', '- power: off', '- wait: 200ms', '- power: on', '- wait: 1s', '- enter: "${user}"',
              '- expect: {bolt: retracted, within: 2s}', OFF, lock(),
              '- log: "LB-POWER-5: a partial entry does not survive a power cut"', '- enter: "57"', '- power: off', '- wait: 200ms', '- power: on', '- wait: 1.2s', '- enter: "91"',
              '- expect_not: {bolt: moving, for: 6s}',
              '- log: "LB-POWER-3 / LB-STORE-7: a cut during motion; no motion at power-up; codes kept"', '- enter: "${user}"', '- wait: 200ms', '- power: off', '- wait: 500ms', '- power: on',
              '- expect: {beeps: 1, within: 500ms}', '- expect_not: {bolt: moving, for: 10s}', unlock(), lock(), '- power: off', '- wait: 200ms', '- power: on',
              '- expect_not: {bolt: moving, for: 10s}', unlock())
    write(f'power/power_boot_keys_{p}.yaml', f'power-up: keys before 1 s ignored, no bolt motion, volatile state cleared ({p})',
          ['LB-POWER-1', 'LB-POWER-2', 'LB-POWER-3', 'LB-POWER-5', 'LB-STORE-7'], p, ['power'], st, setup=ready(p), vars=VARS(p))
    # ---------- PAIR-4 no blue, SIG-3 idle led off
    if p != 'halo':
        st = flat('- expect_not: {led: blue, for: 12s}   # BOOT and the handing cycle', '- press: program', '- expect_not: {led: blue, for: 2s}', '- press: lock',
                  '- expect_not: {led: blue, for: 2s}', '- expect: {led: off}', '- press: lock', '- expect_not: {led: blue, for: 2s}', '- expect: {led: off}   # idle after a signal',
                  '- expect_not: {led: blue, for: 20s}')
        write(f'signals/no_blue_{p}.yaml', f'{p} never shows blue; idle means LED off', ['LB-PAIR-4', 'LB-SIG-3'], p, ['signals'], st)
    # ---------- SIG-1 element timings
    st = flat(lock(), '- wait: 1s', '- enter: "${user}"', '- wait: 520ms   # the step ended 400 ms after the last press edge', '- expect: {led: green, within: 10ms}   # still green 920 ms after the edge', '- expect: {led: off, within: 180ms}   # off by 1.1 s',
              '- wait: 1s', '- enter: "${wrong}"', '- press: lock', '- wait: 520ms', '- expect: {led: red, within: 10ms}', '- expect: {led: off, within: 180ms}',
              '- press: program', '- expect: {led: amber, within: 300ms}   # SESSION steady', '- expect_not: {led: off, for: 3s}', '- wait: 8s', '- expect: {led: off}')
    write(f'signals/signal_rendering_{p}.yaml', f'ACCEPT, REJECT and SESSION are rendered as specified ({p})', ['LB-SIG-1', 'LB-SIG-3', 'LB-SIG-5'], p, ['signals'], st, setup=ready(p), vars=VARS(p))
    # ---------- STORE ack, durable at ack
    st = flat(auth_or_p(p) + (['- press: program'] if p == 'legacy2code' else []), '- enter: "7777"', '- press: lock', '- measure: {name: store_ack, until: {beeps: 1}, within: 1s, max: 300ms}', '- power: off',
              '- wait: 500ms', '- power: on', '- wait: 1.5s', unlock('7777'), lock(), unlock())
    if p != 'legacy2code':
        st += flat(auth(p), '- press: ["7", lock]', '- enter: "7777"', '- press: lock', '- measure: {name: delete_ack, until: {beeps: 1}, within: 1s, max: 300ms}', '- power: off',
                   '- wait: 500ms', '- power: on', '- wait: 1.5s', lock(), rejected_code('7777'))
    write(f'store/store_acknowledged_is_durable_{p}.yaml', f'a store change is acknowledged within 300 ms and survives a cut at its ACCEPT ({p})',
          ['LB-STORE-2', 'LB-STORE-4'], p, ['store'], st, setup=ready(p), vars=VARS(p))

# ---------- keypad misc on two profiles
for p in ['smartcode', 'generic', 'fourled']:
    st = flat(lock(), '- wait: 1s', '- press: {key: "5", for: 15ms}', '- enter: "791"', '- expect_not: {bolt: moving, for: 6s}   # a 15 ms closure does not register',
              '- press: {key: "5", for: 40ms}', '- press: {key: "7", for: 40ms}', '- press: {key: "9", for: 40ms}', '- press: {key: "1", for: 40ms}', '- expect: {bolt: retracted, within: 2s}', OFF, lock(),
              '- press: {key: "5", for: 3s}', '- enter: "791"', '- expect: {bolt: retracted, within: 2s}   # a held key is one digit', OFF, lock(),
              '- hold: "5"', '- wait: 200ms', '- press: "7"', '- release: "5"', '- enter: "791"', '- expect: {bolt: retracted, within: 2s}   # the 7 pressed while 5 was held was ignored', OFF, lock(),
              '- press: "1"', '- expect_not: {beeps: ">=1", for: 1s}', '- press: "3"', '- expect_not: {led: red, for: 1s}', '- press: "5"', '- expect_not: {led: green, for: 1s}',
              '- expect_not: {beeps: ">=1", for: 5s}   # 3 digits: discarded silently at entry_timeout',
              '- enter: "98765432"', '- expect: {beeps: 3, led: red, within: 700ms}   # code_max digits: REJECT at once', OFF, unlock(), lock(),
              '- enter: "${wrong}"', '- measure: {name: entry_timeout, until: {beeps: 1}, within: 6s, min: 4.95s, max: 5.2s}', OFF,
              '- enter: "999"', '- press: "9"', '- wait: 4.5s', '- press: "9"   # 4.9 s after the 4th', '- expect_not: {beeps: ">=1", for: 4.8s}   # the entry goes on',
              '- expect: {beeps: 3, within: 1s}   # its timeout, from the 5th digit', OFF,
              '- enter: "12"', '- press: lock', '- expect: {beeps: 1, led: green, within: 300ms}   # short entry discarded; Lock acts', '- expect_not: {led: red, for: 1s}', OFF,
              '- enter: "12"', '- expect_not: {beeps: ">=1", for: 6s}', unlock())
    write(f'keypad/keypad_entry_{p}.yaml', f'debounce, held keys, silent presses, entry completion and timeout ({p})',
          ['LB-KEYPAD-2', 'LB-KEYPAD-3', 'LB-KEYPAD-4', 'LB-KEYPAD-6', 'LB-KEYPAD-7', 'LB-KEYPAD-8', 'LB-LOCKOUT-2'], p, ['keypad'], st, setup=ready(p), vars=VARS(p))
