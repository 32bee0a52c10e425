// EL0 side of wfe-el0: X0-X3 hold a WFE-channel request and X4 the response magic (set up by kit_run_el0).
// Up to three WFEs, stopping at a response, then SVC #0 back to EL1 with X0-X3 as they are.
    .text
    .global el0_request
el0_request:
    mov     x5, #3
1:  wfe
    cmp     x0, x4
    b.eq    2f
    subs    x5, x5, #1
    b.ne    1b
2:  svc     #0
3:  b       3b
