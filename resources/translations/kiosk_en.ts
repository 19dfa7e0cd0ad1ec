<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>or insert your ID card into the reader</source>
        <translation>or insert your ID card into the reader</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>BusyScreen</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>CardReadingNotice</name>
    <message>
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message>
        <source>Please leave the card in the reader.</source>
        <translation>Please leave the card in the reader.</translation>
    </message>
    <message>
        <source>The card was taken out too early. Please insert it again and leave it in.</source>
        <translation>The card was taken out too early. Please insert it again and leave it in.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>This card cannot be read here. Please use your national ID card.</translation>
    </message>
    <message>
        <source>No card was found in the reader. Please insert your ID card.</source>
        <translation>No card was found in the reader. Please insert your ID card.</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>Your card could not be read</translation>
    </message>
    <message>
        <source>Please take the card out and insert it again, or type your ID number.</source>
        <translation>Please take the card out and insert it again, or type your ID number.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>◀  Back</source>
        <translation>◀  Back</translation>
    </message>
    <message>
        <source>End  ✕</source>
        <translation>End  ✕</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Please take your printed slip.</source>
        <translation>Please take your printed slip.</translation>
    </message>
    <message>
        <source>Do not forget your ID card.</source>
        <translation>Do not forget your ID card.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Please type your ID number.</source>
        <translation>Please type your ID number.</translation>
    </message>
    <message>
        <source>An ID number has only digits. Please check and type again.</source>
        <translation>An ID number has only digits. Please check and type again.</translation>
    </message>
    <message>
        <source>An ID number has %1 digits. Please check and type again.</source>
        <translation>An ID number has %1 digits. Please check and type again.</translation>
    </message>
    <message>
        <source>This is not a valid ID number. Please check each digit.</source>
        <translation>This is not a valid ID number. Please check each digit.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>This is not a valid ID number: the first three digits are wrong.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: digits 4 to 6 are wrong.</source>
        <translation>This is not a valid ID number: digits 4 to 6 are wrong.</translation>
    </message>
    <message>
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>Insert your ID card into the reader, or type your ID number (%1 digits):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Bigger text</source>
        <translation>Bigger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>Choose your language</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Take a queue number for a counter</source>
        <translation>Take a queue number for a counter</translation>
    </message>
    <message>
        <source>See the data on my ID card</source>
        <translation>See the data on my ID card</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Hello</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>ID number: %1</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>What would you like to do?</translation>
    </message>
</context>
<context>
    <name>OwnDataScreen</name>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Please insert your ID card</source>
        <translation>Please insert your ID card</translation>
    </message>
    <message>
        <source>Your data is read from the card&apos;s chip. Insert the card into the reader.</source>
        <translation>Your data is read from the card&apos;s chip. Insert the card into the reader.</translation>
    </message>
    <message>
        <source>The data on your ID card</source>
        <translation>The data on your ID card</translation>
    </message>
    <message>
        <source>Only you can see this. It disappears when you take out your card.</source>
        <translation>Only you can see this. It disappears when you take out your card.</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Name in English</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>Date of issue</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Date of expiry</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Lifetime</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>Sorry, no number could be issued.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Please try again. If it happens again, please ask at the counter.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
</context>
<context>
    <name>QueueCategoryScreen</name>
    <message>
        <source>Which service do you need?</source>
        <translation>Which service do you need?</translation>
    </message>
    <message>
        <source>Touch one. You will get a printed number for the counter.</source>
        <translation>Touch one. You will get a printed number for the counter.</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>QUEUE TICKET</source>
        <translation>QUEUE TICKET</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>People ahead of you: %1</translation>
    </message>
    <message>
        <source>Estimated wait: about %1 minutes</source>
        <translation>Estimated wait: about %1 minutes</translation>
    </message>
    <message>
        <source>Issued: %1</source>
        <translation>Issued: %1</translation>
    </message>
    <message>
        <source>Please wait until your number is called.</source>
        <translation>Please wait until your number is called.</translation>
    </message>
    <message>
        <source>DOSSIER RECEIPT AND RESULT APPOINTMENT</source>
        <translation>DOSSIER RECEIPT AND RESULT APPOINTMENT</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Processing unit</source>
        <translation>Processing unit</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Results due on</source>
        <translation>Results due on</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</source>
        <translation>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</translation>
    </message>
    <message>
        <source>RECEIPT FOR FEES AND CHARGES</source>
        <translation>RECEIPT FOR FEES AND CHARGES</translation>
    </message>
    <message>
        <source>Collected by</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Transaction fee</source>
        <translation>Transaction fee</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>Total paid</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>Transaction reference</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>Paid at</translation>
    </message>
    <message>
        <source>Payment successful. Keep this receipt as proof of payment.</source>
        <translation>Payment successful. Keep this receipt as proof of payment.</translation>
    </message>
    <message>
        <source>APPOINTMENT SLIP</source>
        <translation>APPOINTMENT SLIP</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>Booking reference</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Check in at the kiosk on the day to get a priority queue number.</source>
        <translation>Check in at the kiosk on the day to get a priority queue number.</translation>
    </message>
    <message>
        <source>REGISTRATION CONFIRMATION</source>
        <translation>REGISTRATION CONFIRMATION</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Public service portal account</source>
        <translation>Public service portal account</translation>
    </message>
    <message>
        <source>Digital ID (D.DOPA)</source>
        <translation>Digital ID (D.DOPA)</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>Registered at</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Sign in to the public service portal or at this kiosk with your ID number and your password.</source>
        <translation>Sign in to the public service portal or at this kiosk with your ID number and your password.</translation>
    </message>
    <message>
        <source>Open the D.DOPA app on your phone and sign in with the passcode you set.</source>
        <translation>Open the D.DOPA app on your phone and sign in with the passcode you set.</translation>
    </message>
    <message>
        <source>Never tell anyone your password, passcode or OTP.</source>
        <translation>Never tell anyone your password, passcode or OTP.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is</source>
        <translation>Your number is</translation>
    </message>
    <message>
        <source>Nobody is ahead of you.</source>
        <translation>Nobody is ahead of you.</translation>
    </message>
    <message>
        <source>People ahead of you: %1. Estimated wait: about %2 minutes.</source>
        <translation>People ahead of you: %1. Estimated wait: about %2 minutes.</translation>
    </message>
    <message>
        <source>Issued %1</source>
        <translation>Issued %1</translation>
    </message>
    <message>
        <source>Please take your printed ticket below the screen.</source>
        <translation>Please take your printed ticket below the screen.</translation>
    </message>
    <message>
        <source>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</source>
        <translation>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>Another service</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>TimeoutWarning</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <source>This session will end in %1 seconds.</source>
        <translation>This session will end in %1 seconds.</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Yes, I need more time</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>No, I am finished</translation>
    </message>
</context>
</TS>
